namespace RuBackup.Server.Notifications;

/// <summary>The services of this part of the server (issue 5); called once by the composition root.</summary>
public static class NotificationsServices
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<INotifier, LogNotifier>();
        return services;
    }
}
