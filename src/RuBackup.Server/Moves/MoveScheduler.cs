using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Server.Archives;
using RuBackup.Server.Hosting;
using RuBackup.Server.Options;

namespace RuBackup.Server.Moves;

/// <summary>
/// Enqueues the moves rules ask for (MoveToPool after MoveAfterDays), every
/// <see cref="ServerOptions.ScheduleInterval"/>. A family is due when its NEWEST member is older than
/// MoveAfterDays: the family moves as one, so no incremental stays behind with its base gone, and
/// a family still growing (a chain of incrementals) waits until it stops. A family with a pending
/// Move task is skipped, and so is one whose last move failed less than a day ago (a broken target
/// would otherwise make a failing task every tick).
/// </summary>
public sealed partial class MoveScheduler(ICatalog catalog, MoveService moves, ServerOptions options, TimeProvider time, ILogger<MoveScheduler> logger) : IPeriodicWork, IDisposable
{
    private readonly RoundGate _rounds = new();

    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromDays(1);

    public string Name => "move scheduler";

    public TimeSpan Period => options.ScheduleInterval;

    Task IPeriodicWork.RunOnceAsync(CancellationToken cancellationToken) => TickAsync(cancellationToken);

    /// <summary>Looks at every rule with a move once; returns the Move tasks it created.</summary>
    public Task<IReadOnlyList<TaskInfo>> TickAsync(CancellationToken cancellationToken) => _rounds.RunAsync(() => TickOnceAsync(cancellationToken), cancellationToken);

    public void Dispose() => _rounds.Dispose();

    private async Task<IReadOnlyList<TaskInfo>> TickOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var created = new List<TaskInfo>();
        foreach (var rule in await catalog.ListRulesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (rule.Settings.MoveToPool is not { } target || rule.Settings.MoveAfterDays is not { } days)
            {
                continue;
            }
            var archives = await catalog.ListArchivesAsync(new ArchiveQuery(RuleId: rule.Id), cancellationToken).ConfigureAwait(false);
            foreach (var family in ArchiveFamily.Group(archives.Where(a => a.Pool != target)))
            {
                if (family.Max(a => a.Created) > now - TimeSpan.FromDays(days) || family.Any(a => a.Status != ArchiveService.Ok))
                {
                    continue;
                }
                var root = archives.FirstOrDefault(a => a.Id == family.Key.Root && a.Pool == family.Key.Pool);
                if (root is null || !await DueAsync(root.Id, now, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }
                created.Add(await moves.EnqueueAsync(root, target, MoveService.ScheduleActor, cancellationToken).ConfigureAwait(false));
                LogEnqueued(logger, root.Id, root.Pool, target, rule.Settings.Name);
            }
        }
        return created;
    }

    private async Task<bool> DueAsync(string rootId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tasks = await catalog.ListTasksAsync(new TaskQuery(ArchiveId: rootId), cancellationToken).ConfigureAwait(false);
        return !tasks.Any(t => t.Kind == TaskKind.Move
            && (t.State is TaskState.New or TaskState.Assigned or TaskState.Executing
                || (t.State == TaskState.Error && (t.Finished ?? t.Created) > now - RetryAfterFailure)));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "move of the family of {Archive} from pool {Source} to pool {Target} enqueued (rule {Rule})")]
    private static partial void LogEnqueued(ILogger logger, string archive, string source, string target, string rule);
}
