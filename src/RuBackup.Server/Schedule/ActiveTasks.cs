using RuBackup.Api;
using RuBackup.Catalog;

namespace RuBackup.Server.Schedule;

/// <summary>
/// The tasks not yet ended (new, assigned, executing), read once per tick: the overlap rule, and "a
/// verify or delete of this archive is already pending", look here instead of asking per rule.
/// </summary>
public sealed class ActiveTasks
{
    private static readonly TaskState[] States = [TaskState.New, TaskState.Assigned, TaskState.Executing];

    private readonly List<TaskInfo> _tasks;

    private ActiveTasks(List<TaskInfo> tasks) => _tasks = tasks;

    public static async Task<ActiveTasks> ReadAsync(ICatalog catalog, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var tasks = new List<TaskInfo>();
        foreach (var state in States)
        {
            tasks.AddRange(await catalog.ListTasksAsync(new TaskQuery(State: state, Limit: int.MaxValue), cancellationToken).ConfigureAwait(false));
        }
        return new ActiveTasks(tasks);
    }

    public TaskInfo? OfRule(long ruleId, TaskKind kind) => _tasks.Where(t => t.RuleId == ruleId && t.Kind == kind).MinBy(t => t.Id);

    public TaskInfo? OfArchive(string archiveId, TaskKind kind) => _tasks.FirstOrDefault(t => t.ArchiveId == archiveId && t.Kind == kind);

    /// <summary>Remembers a task made during this tick, so the same tick does not make it twice.</summary>
    public void Add(TaskInfo task) => _tasks.Add(task);
}
