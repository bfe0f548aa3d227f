using RuBackup.Api;

namespace RuBackup.Server.Notifications;

/// <summary>One attempt to deliver a message on its channel; used by the sender and by the test message.</summary>
public sealed class NotificationDelivery(EmailDelivery email, WebhookDelivery webhook)
{
    /// <summary>Null when delivered, else why not. <paramref name="body"/> is the text (e-mail) or the JSON (webhook).</summary>
    public Task<string?> DeliverAsync(NotificationChannel channel, string address, string subject, string body, CancellationToken cancellationToken) =>
        channel == NotificationChannel.Email
            ? email.SendAsync(address, subject, body, cancellationToken)
            : webhook.PostAsync(address, body, cancellationToken);
}
