using System.Globalization;
using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Server.Hosting;
using RuBackup.Server.Options;
using RuBackup.Server.Services;
using RuBackup.Server.Tasks;

namespace RuBackup.Server.Cluster;

/// <summary>
/// Takes back tasks whose holder fell silent: an Assigned or Executing task whose lease ended ends in
/// Error ("lease lost: ..."). The end is a compare-and-set on the state and the lease, so a finish or a
/// heartbeat that lands first wins and the task is left alone; once it is Error, the old holder's
/// reports, its finish and its pool requests all answer 409, and its module can commit nothing. A lost
/// backup gets a retry (<see cref="BackupRetry"/>) that names the lost task in CleansTaskId, so the
/// member that runs it removes the dead run's temporary cloud resources first.
/// </summary>
public sealed partial class LeaseMonitor(ICatalog catalog, TaskQueue queue, TaskLeases leases, AuditLog audit, ServerOptions options, TimeProvider time, ILogger<LeaseMonitor> logger)
    : IPeriodicWork
{
    public const string LostPrefix = "lease lost";

    public string Name => "lease monitor";

    Task IPeriodicWork.RunOnceAsync(CancellationToken cancellationToken) => TickAsync(cancellationToken);

    /// <summary>Often enough that a lost task waits at most a quarter lease past its end.</summary>
    public TimeSpan Period => options.ScheduleInterval < leases.Length / 4 ? options.ScheduleInterval : leases.Length / 4;

    /// <summary>One look at the leases; the ids of the tasks taken back.</summary>
    public async Task<IReadOnlyList<long>> TickAsync(CancellationToken cancellationToken)
    {
        var lost = new List<long>();
        var now = time.GetUtcNow();
        foreach (var task in await catalog.ListLeaseExpiredTasksAsync(now, cancellationToken).ConfigureAwait(false))
        {
            var silent = now - (task.LeaseUntil!.Value - leases.Length);
            var error = string.Create(CultureInfo.InvariantCulture,
                $"{LostPrefix}: client {task.ClientName ?? "#" + task.ClientId} sent no heartbeat for {Math.Max(0, (long)silent.TotalSeconds)} s");
            var ended = await catalog.ExpireTaskLeaseAsync(task.Id, now, error, cancellationToken).ConfigureAwait(false);
            if (ended is null)
            {
                continue; // finished, cancelled or heartbeated meanwhile
            }
            lost.Add(task.Id);
            LogLost(logger, task.Id, error);
            await queue.LogAsync(task.Id, "error", error, cancellationToken).ConfigureAwait(false);
            var details = error;
            if (BackupRetry.Allowed(ended))
            {
                var retry = await queue.EnqueueAsync(BackupRetry.Of(ended, LostPrefix, cleansTaskId: ended.Id), cancellationToken).ConfigureAwait(false);
                var note = string.Create(CultureInfo.InvariantCulture,
                    $"retried as task {retry.Id} (attempt {retry.Attempt} of {BackupRetry.MaxAttempts}); it first removes this run's temporary cloud resources");
                await queue.LogAsync(task.Id, "info", note, cancellationToken).ConfigureAwait(false);
                details += "; " + note;
            }
            await audit.RecordAsync(AuditLog.ServerActor, "task.lease-lost", "task " + task.Id.ToString(CultureInfo.InvariantCulture), details, cancellationToken).ConfigureAwait(false);
        }
        return lost;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "task {TaskId}: {Error}")]
    private static partial void LogLost(ILogger logger, long taskId, string error);
}
