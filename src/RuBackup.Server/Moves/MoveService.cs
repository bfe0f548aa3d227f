using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Server.Api;
using RuBackup.Server.Archives;
using RuBackup.Server.Auth;
using RuBackup.Server.Services;
using RuBackup.Server.Tasks;

namespace RuBackup.Server.Moves;

/// <summary>Creates Move tasks: by hand (the API) and by <see cref="MoveScheduler"/>. The server's worker runs them (<see cref="ArchiveMover"/>).</summary>
public sealed class MoveService(ICatalog catalog, TaskQueue queue, AuditLog audit)
{
    public const string ScheduleActor = "schedule";

    /// <summary>Moves the family of archive <paramref name="id"/> (whichever member is named, its whole family goes) to <paramref name="poolName"/>.</summary>
    public async Task<TaskInfo> MoveAsync(Caller caller, string id, string? poolName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (string.IsNullOrWhiteSpace(poolName))
        {
            throw ApiException.BadRequest("pool", "name the target pool (?pool=NAME)");
        }
        var archive = await catalog.FindArchiveAsync(id, cancellationToken).ConfigureAwait(false) ?? throw ApiException.NotFound($"no archive '{id}'");
        var target = await catalog.FindPoolAsync(poolName, cancellationToken).ConfigureAwait(false) ?? throw ApiException.BadRequest("pool", $"no pool '{poolName}'");
        var source = await catalog.FindPoolAsync(archive.Pool, cancellationToken).ConfigureAwait(false);
        if (source is not null && source.ChunkSize != target.ChunkSize)
        {
            throw ApiException.Conflict($"pool {source.Name} uses {source.ChunkSize / 1024} KiB chunks, pool {target.Name} {target.ChunkSize / 1024} KiB: a move needs pools of the same chunk size");
        }
        if (archive.Status == ArchiveService.Committing)
        {
            throw ApiException.Conflict($"archive '{id}' is still being written");
        }
        var root = await catalog.FindArchiveAsync(ArchiveFamily.RootOf(archive), cancellationToken).ConfigureAwait(false) ?? archive;
        if (await PendingAsync(root.Id, cancellationToken).ConfigureAwait(false) is { } pending)
        {
            throw ApiException.Conflict($"the family of {root.Id} is already being moved by task {pending.Id}");
        }
        var task = await EnqueueAsync(root, target.Name, caller.Actor, cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(caller, "archive.move", $"archive {root.Id}", $"task {task.Id}, family from pool {root.Pool} to pool {target.Name}", cancellationToken).ConfigureAwait(false);
        return task;
    }

    /// <summary>A Move task of this family that has not finished yet, if any.</summary>
    public async Task<TaskInfo?> PendingAsync(string rootId, CancellationToken cancellationToken) =>
        (await catalog.ListTasksAsync(new TaskQuery(ArchiveId: rootId), cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(t => t.Kind == TaskKind.Move && t.State is TaskState.New or TaskState.Assigned or TaskState.Executing);

    public Task<TaskInfo> EnqueueAsync(ArchiveInfo root, string targetPool, string createdBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(root);
        return queue.EnqueueAsync(ArchiveTasks.New(TaskKind.Move, root, createdBy) with
        {
            // The target pool: a move restores nothing, so the restore-target column carries it (see ArchiveMover).
            RestoreTarget = targetPool,
        }, cancellationToken);
    }
}
