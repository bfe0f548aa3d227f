using Cronos;
using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Repository;
using RuBackup.Server.Hosting;
using RuBackup.Server.Options;

namespace RuBackup.Server.Moves;

/// <summary>
/// Collects the garbage of every dedup pool at the occurrences of <see cref="ServerOptions.GcSchedule"/>
/// (five-field cron, UTC). A pool is due when an occurrence lies between its last gc (or its creation)
/// and now; the missed occurrences of a stopped server collapse into one run at start, as a cron
/// catch-up does (one gc removes everything the missed ones would have). Looks every
/// <see cref="ServerOptions.ScheduleInterval"/>.
/// </summary>
public sealed partial class PoolGcScheduler(ICatalog catalog, PoolGarbageCollection collection, ServerOptions options, TimeProvider time, ILogger<PoolGcScheduler> logger) : IPeriodicWork, IDisposable
{
    private readonly RoundGate _rounds = new();

    private readonly CronExpression _schedule = CronExpression.Parse(options.GcSchedule);

    public string Name => "gc scheduler";

    public TimeSpan Period => options.ScheduleInterval;

    Task IPeriodicWork.RunOnceAsync(CancellationToken cancellationToken) => TickAsync(cancellationToken);

    /// <summary>Runs the gc of every due dedup pool once; returns their reports.</summary>
    public Task<IReadOnlyList<PoolGcReport>> TickAsync(CancellationToken cancellationToken) => _rounds.RunAsync(() => TickOnceAsync(cancellationToken), cancellationToken);

    public void Dispose() => _rounds.Dispose();

    private async Task<IReadOnlyList<PoolGcReport>> TickOnceAsync(CancellationToken cancellationToken)
    {
        var reports = new List<PoolGcReport>();
        foreach (var pool in await catalog.ListPoolsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (pool.Kind != PoolKind.Dedup || !Due(pool, time.GetUtcNow()))
            {
                continue;
            }
            try
            {
                reports.Add(await collection.CollectAsync(pool, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception e) when (e is RepositoryException or IOException or UnauthorizedAccessException)
            {
                // One unreadable pool must not keep the others from their gc; it is tried again next tick.
                LogFailed(logger, pool.Name, e.Message);
            }
        }
        return reports;
    }

    public bool Due(PoolInfo pool, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var since = pool.LastGcAt ?? pool.Created;
        return _schedule.GetNextOccurrence(since.UtcDateTime, inclusive: false) is { } next && next <= now.UtcDateTime;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "gc of pool {Pool} failed: {Reason}; trying again at the next tick")]
    private static partial void LogFailed(ILogger logger, string pool, string reason);
}
