using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Repository;
using RuBackup.Server.Archives;
using RuBackup.Server.Pools;
using RuBackup.Server.Services;
using RuBackup.Server.Tasks;

namespace RuBackup.Server.Hosting;

public sealed record RecoveryReport(int TasksInterrupted, int TasksRetried, int ArchivesSettled, int ArchivesDropped, long LeftoversRemoved);

/// <summary>
/// Runs once at startup, before the server listens, so no client and no writer is active:
/// <list type="number">
/// <item>tasks left Assigned or Executing end in Error ("interrupted: the server restarted"); an
/// interrupted backup gets a fresh attempt (Attempt+1, at most <see cref="MaxAttempts"/>);</item>
/// <item>archives left "committing" are settled against their pool: manifest present → ok (the
/// commit finished), absent → the row goes (the write never became an archive);</item>
/// <item>each pool's leftovers of interrupted writes (temporary files, packs without manifest) are removed.</item>
/// </list>
/// </summary>
public sealed partial class StartupRecovery(ICatalog catalog, PoolDevices devices, TaskQueue queue, AuditLog audit, TimeProvider time, ILogger<StartupRecovery> logger)
{
    public const int MaxAttempts = BackupRetry.MaxAttempts;
    public const string Interrupted = "interrupted: the server restarted";

    public async Task<RecoveryReport> RunAsync(CancellationToken cancellationToken)
    {
        var (interrupted, retried) = await SettleTasksAsync(cancellationToken).ConfigureAwait(false);
        var (settled, dropped) = await SettleArchivesAsync(cancellationToken).ConfigureAwait(false);
        long leftovers = 0;
        foreach (var pool in await catalog.ListPoolsAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                // Pool files carry the real clock's times, whatever TimeProvider the server runs on.
                var (count, _) = await devices.For(pool).RemoveLeftoversAsync(DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
                leftovers += count;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or RepositoryException)
            {
                LogPoolUnreadable(logger, pool.Name, pool.Path, e.Message);
            }
        }
        var report = new RecoveryReport(interrupted, retried, settled, dropped, leftovers);
        if (interrupted + settled + dropped + leftovers > 0)
        {
            LogRecovered(logger, interrupted, retried, settled, dropped, leftovers);
            await audit.RecordAsync(AuditLog.ServerActor, "server.recover", "catalog and pools",
                $"{interrupted} interrupted task(s) set to error, {retried} backup(s) retried, {settled} committing archive(s) ok, {dropped} dropped, {leftovers} leftover file(s) removed",
                cancellationToken).ConfigureAwait(false);
        }
        return report;
    }

    private async Task<(int Interrupted, int Retried)> SettleTasksAsync(CancellationToken cancellationToken)
    {
        int interrupted = 0, retried = 0;
        foreach (var state in new[] { TaskState.Assigned, TaskState.Executing })
        {
            var tasks = await catalog.ListTasksAsync(new TaskQuery(State: state, Limit: int.MaxValue), cancellationToken).ConfigureAwait(false);
            foreach (var task in tasks.OrderBy(t => t.Id))
            {
                if (await catalog.TransitionTaskAsync(task.Id, [state], TaskState.Error, time.GetUtcNow(), Interrupted, cancellationToken).ConfigureAwait(false) is null)
                {
                    continue;
                }
                interrupted++;
                await queue.LogAsync(task.Id, "error", Interrupted, cancellationToken).ConfigureAwait(false);
                if (BackupRetry.Allowed(task))
                {
                    var retry = await queue.EnqueueAsync(BackupRetry.Of(task), cancellationToken).ConfigureAwait(false);
                    await queue.LogAsync(task.Id, "info", $"retried as task {retry.Id} (attempt {retry.Attempt} of {MaxAttempts})", cancellationToken).ConfigureAwait(false);
                    retried++;
                }
            }
        }
        return (interrupted, retried);
    }

    private async Task<(int Settled, int Dropped)> SettleArchivesAsync(CancellationToken cancellationToken)
    {
        int settled = 0, dropped = 0;
        var committing = await catalog.ListArchivesAsync(new ArchiveQuery(Status: ArchiveService.Committing), cancellationToken).ConfigureAwait(false);
        foreach (var archive in committing)
        {
            var pool = await catalog.FindPoolAsync(archive.Pool, cancellationToken).ConfigureAwait(false);
            var present = pool is not null
                && (await devices.For(pool).ListManifestsAsync(cancellationToken).ConfigureAwait(false)).Contains(archive.Id);
            if (present)
            {
                await catalog.SetArchiveStatusAsync(archive.Id, ArchiveService.Ok, cancellationToken).ConfigureAwait(false);
                settled++;
            }
            else
            {
                await catalog.DeleteArchiveAsync(archive.Id, cancellationToken).ConfigureAwait(false);
                dropped++;
            }
        }
        return (settled, dropped);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "startup recovery: {Interrupted} interrupted task(s) set to error, {Retried} backup(s) retried, {Settled} committing archive(s) settled as ok, {Dropped} dropped, {Leftovers} leftover file(s) removed")]
    private static partial void LogRecovered(ILogger logger, int interrupted, int retried, int settled, int dropped, long leftovers);

    [LoggerMessage(Level = LogLevel.Error, Message = "pool {Pool} ({Path}) could not be cleaned: {Reason}")]
    private static partial void LogPoolUnreadable(ILogger logger, string pool, string path, string reason);
}
