using RuBackup.Api;
using RuBackup.Rbm.Components.Pools;

namespace RuBackup.Rbm.Components.Dashboard;

/// <summary>One UTC day of backups: tasks that ended Done and ended in Error.</summary>
public sealed record SuccessDay(DateOnly Day, int Done, int Error);

/// <summary>A rule's next scheduled run.</summary>
public sealed record NextRun(long RuleId, string Rule, string Client, string Resource, DateTimeOffset Time);

/// <summary>
/// Everything the dashboard shows, computed from the lists the API gives (clients, rules, tasks,
/// archives, pools) in one place so the page only draws it.
/// </summary>
public sealed record DashboardData
{
    public const int Days = 14;

    public const int NextRunCount = 10;

    /// <summary>How many tasks the dashboard reads: enough for two weeks of a busy server (the API's maximum).</summary>
    public const int TaskLimit = 10_000;

    public required int ClientsAuthorized { get; init; }

    public required int ClientsWaiting { get; init; }

    public required int RulesRun { get; init; }

    public required int RulesWait { get; init; }

    /// <summary>Assigned or executing.</summary>
    public required int TasksRunning { get; init; }

    public required int TasksQueued { get; init; }

    public required int Archives { get; init; }

    public required int DamagedArchives { get; init; }

    /// <summary>The last <see cref="Days"/> UTC days, oldest first, today last.</summary>
    public required IReadOnlyList<SuccessDay> Success { get; init; }

    public required IReadOnlyList<PoolUsage> Pools { get; init; }

    public required PoolUsage Total { get; init; }

    public required IReadOnlyList<NextRun> NextRuns { get; init; }

    public static DashboardData From(
        IReadOnlyList<ClientInfo> clients, IReadOnlyList<RuleInfo> rules, IReadOnlyList<TaskInfo> tasks,
        IReadOnlyList<ArchiveInfo> archives, IReadOnlyList<PoolInfo> pools, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(archives);
        var usage = PoolUsage.Of(pools, archives);
        return new DashboardData
        {
            ClientsAuthorized = clients.Count(c => c.Status == ClientStatus.Authorized),
            ClientsWaiting = clients.Count(c => c.Status == ClientStatus.Unauthorized),
            RulesRun = rules.Count(r => r.Status == RuleStatus.Run),
            RulesWait = rules.Count(r => r.Status == RuleStatus.Wait),
            TasksRunning = tasks.Count(t => t.State is TaskState.Assigned or TaskState.Executing),
            TasksQueued = tasks.Count(t => t.State == TaskState.New),
            Archives = archives.Count,
            DamagedArchives = archives.Count(a => a.Status == "damaged"),
            Success = SuccessByDay(tasks, now),
            Pools = usage,
            Total = PoolUsage.Total(usage),
            NextRuns = rules
                .Where(r => r.Status == RuleStatus.Run && r.NextRun is not null)
                .OrderBy(r => r.NextRun)
                .Take(NextRunCount)
                .Select(r => new NextRun(r.Id, r.Settings.Name, r.Settings.Client ?? r.Settings.ClientGroup ?? "",
                    r.Settings.ResourceName ?? r.Settings.Resource, r.NextRun!.Value))
                .ToList(),
        };
    }

    /// <summary>Backups counted on the UTC day they ended (a task still running counts nowhere yet).</summary>
    private static List<SuccessDay> SuccessByDay(IReadOnlyList<TaskInfo> tasks, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var ended = tasks
            .Where(t => t.Kind == TaskKind.Backup && t.State is TaskState.Done or TaskState.Error)
            .GroupBy(t => DateOnly.FromDateTime((t.Finished ?? t.Created).UtcDateTime))
            .ToDictionary(g => g.Key, g => (Done: g.Count(t => t.State == TaskState.Done), Error: g.Count(t => t.State == TaskState.Error)));
        return Enumerable.Range(0, Days)
            .Select(i => today.AddDays(i - Days + 1))
            .Select(day => ended.TryGetValue(day, out var n) ? new SuccessDay(day, n.Done, n.Error) : new SuccessDay(day, 0, 0))
            .ToList();
    }
}
