using RuBackup.Api;

namespace RuBackup.Client.Api;

/// <summary>The notification outbox and test messages (issue 5).</summary>
public sealed partial class RuBackupApiClient
{
    public Task<IReadOnlyList<NotificationInfo>> ListNotificationsAsync(NotificationState? state = null, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<NotificationInfo>>(Query(ApiRoutes.Notifications, ("state", Lower(state)), ("limit", Number(limit))), cancellationToken);

    /// <summary>Sends a test message to <paramref name="address"/> now; the result says whether it was delivered.</summary>
    public Task<TestNotificationResult> TestNotificationAsync(string address, CancellationToken cancellationToken = default) =>
        PostAsync<TestNotificationResult>(ApiRoutes.NotificationsTest, new TestNotificationRequest(address), cancellationToken);
}
