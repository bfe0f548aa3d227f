using RuBackup.Api;

namespace RuBackup.Catalog;

/// <summary>Task leases (issue 5): a client holds an Assigned or Executing task only while its lease runs.</summary>
public partial interface ICatalog
{
    /// <summary>
    /// Sets the lease of a task the client holds (Assigned or Executing) to <paramref name="until"/>;
    /// false when the task is not this client's or no longer held, so a lost holder cannot revive it.
    /// </summary>
    Task<bool> ExtendTaskLeaseAsync(long id, long clientId, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Held tasks (Assigned or Executing) whose lease ended before <paramref name="now"/>, oldest first.</summary>
    Task<IReadOnlyList<TaskInfo>> ListLeaseExpiredTasksAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Compare-and-set: ends the task in Error only while it is still held and its lease still ended
    /// before <paramref name="now"/>; null when a finish or a heartbeat came first.
    /// </summary>
    Task<TaskInfo?> ExpireTaskLeaseAsync(long id, DateTimeOffset now, string error, CancellationToken cancellationToken);
}
