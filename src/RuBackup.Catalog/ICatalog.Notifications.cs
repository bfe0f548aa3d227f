using RuBackup.Api;

namespace RuBackup.Catalog;

public sealed record NotificationQuery(NotificationState? State = null, int Limit = 100);

/// <summary>The notification outbox and the outcome watcher's marks on finished tasks (issue 5).</summary>
public partial interface ICatalog
{
    /// <summary>
    /// Stores the messages (their Id ignored) in one transaction. With <paramref name="noticedTaskId"/>,
    /// the same transaction marks that task as turned into notices, and stores nothing (false) when it
    /// was marked already: a task's outcome is announced exactly once, even by two servers at once.
    /// </summary>
    Task<bool> EnqueueNotificationsAsync(IReadOnlyList<NotificationInfo> messages, long? noticedTaskId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<NotificationInfo>> ListNotificationsAsync(NotificationQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically takes the oldest pending message due at <paramref name="now"/> and moves its next attempt
    /// to <paramref name="claimUntil"/>, so no other sender takes it meanwhile and a sender that dies while
    /// sending leaves it due again then. Null when none is due.
    /// </summary>
    Task<NotificationInfo?> ClaimDueNotificationAsync(DateTimeOffset now, DateTimeOffset claimUntil, CancellationToken cancellationToken);

    /// <summary>Records one delivery attempt: sent, pending again at <paramref name="nextAttempt"/>, or failed for good (both null).</summary>
    Task RecordNotificationAttemptAsync(long id, NotificationState state, string? error, DateTimeOffset now, DateTimeOffset? nextAttempt, CancellationToken cancellationToken);

    /// <summary>Finished (done or error) backup and verify tasks not yet turned into notices, oldest first.</summary>
    Task<IReadOnlyList<TaskInfo>> ListUnnoticedTasksAsync(int limit, CancellationToken cancellationToken);
}
