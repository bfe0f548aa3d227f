namespace RuBackup.Server.Notifications;

/// <summary>The services of this part of the server (issue 5); called once by the composition root.</summary>
public static class NotificationsServices
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxNotifier>();
        services.AddSingleton<INotifier>(sp => sp.GetRequiredService<OutboxNotifier>());
        services.AddSingleton<EmailDelivery>();
        services.AddSingleton<WebhookDelivery>();
        services.AddSingleton<NotificationDelivery>();
        services.AddSingleton<NotificationService>();
        services.AddSingleton<TaskOutcomeWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<TaskOutcomeWatcher>());
        services.AddSingleton<NotificationSender>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationSender>());
        return services;
    }
}
