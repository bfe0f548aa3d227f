using RuBackup.Catalog;
using RuBackup.Server.Options;

namespace RuBackup.Server.Cluster;

/// <summary>
/// A client holds a claimed task only while its lease runs: the claim starts it, and every report of
/// the holder (start, progress, log, heartbeat) pushes it to now + <see cref="ServerOptions.TaskLease"/>.
/// A holder that falls silent (its host died) loses the task to <see cref="LeaseMonitor"/>.
/// </summary>
public sealed class TaskLeases(ICatalog catalog, ServerOptions options, TimeProvider time)
{
    public TimeSpan Length => options.TaskLease;

    /// <summary>The lease as the client is told it, rounded up to whole seconds.</summary>
    public int LengthSeconds => (int)Math.Ceiling(options.TaskLease.TotalSeconds);

    /// <summary>Extends the lease of a task this client still holds; false when it holds it no longer.</summary>
    public async Task<(bool Held, DateTimeOffset Until)> RenewAsync(long taskId, long clientId, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow() + options.TaskLease;
        var held = await catalog.ExtendTaskLeaseAsync(taskId, clientId, until, cancellationToken).ConfigureAwait(false);
        return (held, until);
    }
}
