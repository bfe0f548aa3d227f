using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Server.Api;
using RuBackup.Server.Auth;
using RuBackup.Server.Services;

namespace RuBackup.Server.Notifications;

/// <summary>The notifications API: the outbox as a list, and a test message sent at once (to check SMTP settings or a webhook).</summary>
public sealed class NotificationService(ICatalog catalog, NotificationDelivery delivery, AuditLog audit, TimeProvider time)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public async Task<IReadOnlyList<NotificationInfo>> ListAsync(string? state, int? limit, CancellationToken cancellationToken)
    {
        NotificationState? parsed = null;
        if (!string.IsNullOrEmpty(state))
        {
            parsed = Enum.TryParse<NotificationState>(state, ignoreCase: true, out var value) && Enum.IsDefined(value)
                ? value
                : throw ApiException.BadRequest("state", $"state must be pending, sent or failed ('{state}' given)");
        }
        if (limit is < 1 or > MaxLimit)
        {
            throw ApiException.BadRequest("limit", $"limit must be 1 to {MaxLimit}");
        }
        return await catalog.ListNotificationsAsync(new NotificationQuery(parsed, limit ?? DefaultLimit), cancellationToken).ConfigureAwait(false);
    }

    public async Task<TestNotificationResult> TestAsync(Caller caller, TestNotificationRequest? request, CancellationToken cancellationToken)
    {
        var address = request?.Address?.Trim();
        if (string.IsNullOrEmpty(address))
        {
            throw ApiException.BadRequest("address", "give the address to send the test message to");
        }
        var channel = NotifyAddress.ChannelOf(address) ?? throw ApiException.BadRequest("address", NotifyAddress.Refusal(address));
        var notice = NoticeMessages.TestNotice(address);
        var now = time.GetUtcNow();
        var body = channel == NotificationChannel.Email ? NoticeMessages.TextBody(notice, now) : NoticeMessages.TestWebhookBody(notice, now);
        var error = await delivery.DeliverAsync(channel, address, NoticeMessages.TestSubject, body, cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(caller, "notification.test", NotifyAddress.ForLog(address), error ?? "delivered", cancellationToken).ConfigureAwait(false);
        return new TestNotificationResult(address, channel, error is null, error);
    }
}
