using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Repository;
using RuBackup.Repository.Engine;
using RuBackup.Server.Archives;
using RuBackup.Server.Pools;
using RuBackup.Server.Tasks;

namespace RuBackup.Server.Moves;

/// <summary>
/// Runs a Move task: the task's ArchiveId names a family's full, its Pool the source pool, and its
/// RestoreTarget column the target pool (a move restores nothing; the column is reused so the tasks
/// table keeps its shape). Order, so that no step can lose the only good copy:
/// <list type="number">
/// <item>copy every member into the target, oldest first (<see cref="ArchiveCopier"/>, keyless);</item>
/// <item>verify every copy in the target; any damage: the target copies are deleted, the source and
/// the catalog stay as they were, the task ends in error;</item>
/// <item>switch the catalog rows to the target pool;</item>
/// <item>delete the source manifests (newest first), then gc the source if it is a dedup pool.</item>
/// </list>
/// Crash semantics: before the switch, the target may hold manifests the catalog does not know
/// (rb_admin check reports them); a repeated move finds them identical and verifies instead of
/// copying again. After the switch, the source may keep manifests of the moved members: a repeated
/// move of the family, now in the target, removes those strays from every other pool.
/// </summary>
public sealed class ArchiveMover(ICatalog catalog, PoolDevices devices, TaskQueue queue, ArchiveMoveHooks hooks)
{
    public async Task<string?> RunAsync(TaskInfo task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (string.IsNullOrEmpty(task.RestoreTarget))
        {
            return "a move task needs its target pool (restoreTarget)";
        }
        var targetName = task.RestoreTarget;
        var named = await catalog.FindArchiveAsync(task.ArchiveId!, cancellationToken).ConfigureAwait(false);
        if (named is null)
        {
            return $"archive '{task.ArchiveId}' is no longer in the catalog";
        }
        var rootId = ArchiveFamily.RootOf(named);
        var sourceName = named.Pool;
        var pool = await catalog.ListArchivesAsync(new ArchiveQuery(Pool: sourceName), cancellationToken).ConfigureAwait(false);
        var family = ArchiveFamily.Members(pool, rootId);
        if (sourceName == targetName)
        {
            await RemoveStraysAsync(task, family, targetName, cancellationToken).ConfigureAwait(false);
            await queue.LogAsync(task.Id, "info", $"the family of {rootId} is already in pool {targetName}", cancellationToken).ConfigureAwait(false);
            return null;
        }
        if (await BusyAsync(family, cancellationToken).ConfigureAwait(false) is { } busy)
        {
            return busy;
        }

        var source = await devices.OpenAsync(sourceName, cancellationToken).ConfigureAwait(false);
        var target = await devices.OpenAsync(targetName, cancellationToken).ConfigureAwait(false);
        await queue.LogAsync(task.Id, "info", $"moving {family.Count} archive(s) of the family of {rootId} from pool {sourceName} to pool {targetName}", cancellationToken).ConfigureAwait(false);
        var copier = new ArchiveCopier(source, target);
        try
        {
            foreach (var member in family)
            {
                var copy = await copier.CopyAsync(member.Id, cancellationToken).ConfigureAwait(false);
                await queue.LogAsync(task.Id, "info", copy.AlreadyInTarget
                    ? $"archive {member.Id}: already in pool {targetName} (an earlier move was interrupted); verifying it"
                    : $"archive {member.Id}: {copy.ChunksSent} chunk(s) ({copy.BytesSent} bytes) sent, {copy.ChunksPresent} already present", cancellationToken).ConfigureAwait(false);
            }
            if (hooks.AfterCopy is { } afterCopy)
            {
                await afterCopy(targetName, [.. family.Select(a => a.Id)]).ConfigureAwait(false);
            }
            var verifier = new RepositoryVerifier(target);
            foreach (var member in family)
            {
                var report = await verifier.VerifyAsync(member.Id, null, null, cancellationToken).ConfigureAwait(false);
                if (!report.Clean)
                {
                    var reasons = report.DamagedManifests.Select(d => $"manifest {d.ArchiveId}: {d.Reason}")
                        .Concat(report.DamagedChunks.Take(5).Select(d => $"chunk {d.Digest} in {d.Container}: {d.Reason}"));
                    throw new DamagedDataException($"the copy of {member.Id} in pool {targetName} does not verify ({string.Join("; ", reasons)})");
                }
            }
        }
        catch (Exception e) when (e is RepositoryException or IOException or UnauthorizedAccessException)
        {
            await DiscardCopiesAsync(target, family, cancellationToken).ConfigureAwait(false);
            return $"move to pool {targetName} failed, the archives stay in pool {sourceName}: {e.Message}";
        }

        foreach (var member in family)
        {
            await catalog.SetArchivePoolAsync(member.Id, targetName, cancellationToken).ConfigureAwait(false);
        }
        await queue.LogAsync(task.Id, "info", $"all copies verified; the catalog now points at pool {targetName}", cancellationToken).ConfigureAwait(false);
        await DeleteFromAsync(source, family, cancellationToken).ConfigureAwait(false);
        if (source.Config.Dedup)
        {
            var gc = await new GarbageCollector(source).CollectAsync(null, cancellationToken).ConfigureAwait(false);
            await queue.LogAsync(task.Id, "info", $"gc of pool {sourceName}: {gc.ChunksRemoved} chunks ({gc.BytesRemoved} bytes) removed, {gc.ChunksKept} kept", cancellationToken).ConfigureAwait(false);
        }
        return null;
    }

    /// <summary>A member still being written, or being restored from its current pool, must not change pools under its reader.</summary>
    private async Task<string?> BusyAsync(IReadOnlyList<ArchiveInfo> family, CancellationToken cancellationToken)
    {
        if (family.FirstOrDefault(a => a.Status == ArchiveService.Committing) is { } committing)
        {
            return $"archive {committing.Id} is still being written; move later";
        }
        foreach (var member in family)
        {
            var tasks = await catalog.ListTasksAsync(new TaskQuery(ArchiveId: member.Id), cancellationToken).ConfigureAwait(false);
            if (tasks.FirstOrDefault(t => t.Kind == TaskKind.Restore && t.State is TaskState.New or TaskState.Assigned or TaskState.Executing) is { } restore)
            {
                return $"archive {member.Id} is being restored by task {restore.Id}; move after it";
            }
        }
        return null;
    }

    /// <summary>The target copies are unknown to the catalog until the switch: removing them loses nothing.</summary>
    private static async Task DiscardCopiesAsync(BackupRepository target, IReadOnlyList<ArchiveInfo> family, CancellationToken cancellationToken)
    {
        await DeleteFromAsync(target, family, cancellationToken).ConfigureAwait(false);
        if (target.Config.Dedup)
        {
            await new GarbageCollector(target).CollectAsync(null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Newest first, so a crash part way never leaves a member without its base.</summary>
    private static async Task DeleteFromAsync(BackupRepository repository, IReadOnlyList<ArchiveInfo> family, CancellationToken cancellationToken)
    {
        var listed = (await repository.Device.ListManifestsAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        foreach (var member in family.Reverse().Where(a => listed.Contains(a.Id)))
        {
            await repository.Device.DeleteArchiveAsync(member.Id, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Finishes a move that crashed after the catalog switch: manifests of the family left in other
    /// pools are removed, but only while the copies in <paramref name="poolName"/> verify.
    /// </summary>
    private async Task RemoveStraysAsync(TaskInfo task, IReadOnlyList<ArchiveInfo> family, string poolName, CancellationToken cancellationToken)
    {
        var ids = family.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var other in await catalog.ListPoolsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (other.Name == poolName)
            {
                continue;
            }
            var repository = await devices.OpenAsync(other.Name, cancellationToken).ConfigureAwait(false);
            var strays = (await repository.Device.ListManifestsAsync(cancellationToken).ConfigureAwait(false)).Where(ids.Contains).ToList();
            if (strays.Count == 0)
            {
                continue;
            }
            var here = await devices.OpenAsync(poolName, cancellationToken).ConfigureAwait(false);
            foreach (var member in family)
            {
                if (!(await new RepositoryVerifier(here).VerifyAsync(member.Id, null, null, cancellationToken).ConfigureAwait(false)).Clean)
                {
                    await queue.LogAsync(task.Id, "warning", $"pool {other.Name} keeps {strays.Count} copy(ies) of this family: archive {member.Id} does not verify in pool {poolName}", cancellationToken).ConfigureAwait(false);
                    return;
                }
            }
            await DeleteFromAsync(repository, [.. family.Where(a => strays.Contains(a.Id))], cancellationToken).ConfigureAwait(false);
            await queue.LogAsync(task.Id, "info", $"removed {strays.Count} copy(ies) left in pool {other.Name} by an interrupted move", cancellationToken).ConfigureAwait(false);
        }
    }
}
