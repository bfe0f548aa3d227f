using RuBackup.Catalog;
using RuBackup.Server.Hosting;
using RuBackup.Server.Options;

namespace RuBackup.Server.Schedule;

/// <summary>
/// One pass of the global schedule: backups due by the rules' cron, periodic verification, retention.
/// Passes never overlap (the periodic runner and a caller such as a test may both tick); the runner
/// ticks once at start, so runs missed while the server was down are made at once; every decision is read
/// from the catalog, so a pass after a restart continues where the last one stopped.
/// </summary>
public sealed class Scheduler(ICatalog catalog, BackupScheduler backups, VerificationScheduler verification, RetentionRunner retention, ServerOptions options,
    TimeProvider time)
    : IPeriodicWork, IDisposable
{
    private readonly RoundGate _rounds = new();

    public string Name => "scheduler";

    public TimeSpan Period => options.ScheduleInterval;

    Task IPeriodicWork.RunOnceAsync(CancellationToken cancellationToken) => TickAsync(cancellationToken);

    public Task TickAsync(CancellationToken cancellationToken) => _rounds.RunAsync(async () =>
    {
        // The moment is read before the rules and the running tasks: an occurrence that comes while the
        // pass reads must be judged by the next pass, against a fresh list of running tasks. Judged
        // here, it would be skipped as overlapping a task that may have ended meanwhile.
        var now = time.GetUtcNow();
        var rules = await catalog.ListRulesAsync(cancellationToken).ConfigureAwait(false);
        var active = await ActiveTasks.ReadAsync(catalog, cancellationToken).ConfigureAwait(false);
        await backups.TickAsync(rules, active, now, cancellationToken).ConfigureAwait(false);
        await verification.TickAsync(rules, active, cancellationToken).ConfigureAwait(false);
        await retention.TickAsync(rules, active, cancellationToken).ConfigureAwait(false);
    }, cancellationToken);

    public void Dispose() => _rounds.Dispose();
}
