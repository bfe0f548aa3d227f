using System.Globalization;
using RuBackup.Api;

namespace RuBackup.Server.Tasks;

/// <summary>
/// A fresh attempt of a backup that did not end by itself (the server restarted, the client's lease
/// ran out): the same rule, resource and type, counted by <see cref="TaskInfo.Attempt"/> up to
/// <see cref="MaxAttempts"/>. A group's task goes back to the group, so any member may take it.
/// </summary>
public static class BackupRetry
{
    public const int MaxAttempts = 3;

    public static bool Allowed(TaskInfo task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.Kind == TaskKind.Backup && task.Attempt < MaxAttempts;
    }

    /// <summary>The retry of <paramref name="task"/>, to enqueue; <paramref name="reason"/> goes into CreatedBy ("retry of task N (reason)").</summary>
    public static TaskInfo Of(TaskInfo task, string? reason = null, long? cleansTaskId = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        var createdBy = "retry of task " + task.Id.ToString(CultureInfo.InvariantCulture) + (reason is null ? "" : $" ({reason})");
        return task with
        {
            Id = 0,
            ClientId = task.ClientGroup is null ? task.ClientId : null,
            ClientName = task.ClientGroup is null ? task.ClientName : null,
            ArchiveId = null,
            BytesDone = 0,
            BytesTotal = 0,
            Attempt = task.Attempt + 1,
            CreatedBy = createdBy,
            Started = null,
            Finished = null,
            Error = null,
            LeaseUntil = null,
            CleansTaskId = cleansTaskId,
        };
    }
}
