using RuBackup.Api;
using RuBackup.Catalog;

namespace RuBackup.Server.Tasks;

/// <summary>Creates tasks and wakes whoever runs them: long-polling clients, or the server's worker.</summary>
public sealed class TaskQueue(ICatalog catalog, TaskSignals signals, TimeProvider time)
{
    public static readonly IReadOnlyCollection<TaskKind> ClientKinds = [TaskKind.Backup, TaskKind.Restore];
    public static readonly IReadOnlyCollection<TaskKind> ServerKinds = [TaskKind.Verify, TaskKind.Delete, TaskKind.Move];

    /// <summary>Stores <paramref name="task"/> as New (created now) and signals its runners.</summary>
    public async Task<TaskInfo> EnqueueAsync(TaskInfo task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        var created = await catalog.CreateTaskAsync(task with { State = TaskState.New, Created = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
        (ClientKinds.Contains(created.Kind) ? signals.ClientWork : signals.ServerWork).Pulse();
        return created;
    }

    public Task LogAsync(long taskId, string level, string message, CancellationToken cancellationToken) =>
        catalog.AppendTaskLogAsync(taskId, [new TaskLogLine(time.GetUtcNow(), level, message)], cancellationToken);
}
