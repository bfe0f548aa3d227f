namespace RuBackup.Server.Schedule;

/// <summary>The services of this part of the server (issue 5); called once by the composition root.</summary>
public static class SchedulingServices
{
    public static IServiceCollection AddScheduling(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<BackupScheduler>();
        services.AddSingleton<VerificationScheduler>();
        services.AddSingleton<RetentionRunner>();
        services.AddSingleton<Scheduler>();
        services.AddHostedService<SchedulerLoop>();
        return services;
    }
}
