using RuBackup.Server.Hosting;

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
        services.AddPeriodicWork<Scheduler>();
        return services;
    }
}
