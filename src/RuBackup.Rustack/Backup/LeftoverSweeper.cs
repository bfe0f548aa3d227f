using RuBackup.Rustack.Cloud;

namespace RuBackup.Rustack.Backup;

/// <summary>
/// Removes what dead runs left in the cloud (a killed process cannot run its cleanup stack). A
/// temporary resource is a dead run's leftover when (a) its run was on this host (its
/// <c>rubackup_host</c> is this backup VM, or it has none: made before hosts were recorded) and the
/// run holds no lock here, or (b) its <c>rubackup_task</c> is one the server declared dead (its lease
/// ran out: <c>--sweep-task</c>). Another host's resources are never judged by this host's locks: in
/// a cluster group that host's live run has no lock file here. Order: attachments (for this host's
/// runs, to the backup VM; for a dead task, to whatever server holds them, the dead member's backup
/// VM), then volumes, then snapshots, because a snapshot cannot go while a volume made from it exists.
/// A leftover already known stuck (error status, or a transitional status older than its timeout) is
/// force-removed at once through the admin token (<see cref="TemporaryOps.CanForce"/>); one whose
/// ordinary removal fails is force-removed too. Without admin credentials, or when even that fails, it
/// is reported as a warning naming it and skipped: it must not fail every later backup.
/// </summary>
public sealed class LeftoverSweeper(RustackCloud cloud, TemporaryOps ops, RunRegistry runs, ModuleLog log)
{
    public async Task<int> SweepAsync(string backupVmId, string currentRunId, IReadOnlyCollection<string> deadTasks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deadTasks);
        bool DeclaredDead(IReadOnlyDictionary<string, string>? metadata) =>
            TemporaryResources.TaskOf(metadata) is { } task && deadTasks.Contains(task);

        bool Dead(IReadOnlyDictionary<string, string>? metadata, string? name)
        {
            if (!TemporaryResources.IsTemporary(name, metadata))
            {
                return false;
            }
            var run = TemporaryResources.RunOf(metadata)!;
            if (run == currentRunId)
            {
                return false;
            }
            var host = TemporaryResources.HostOf(metadata);
            var ours = host is null || host == backupVmId;
            return (ours && !runs.IsAlive(run)) || DeclaredDead(metadata);
        }

        var removed = 0;
        var volumes = (await cloud.Cinder.ListVolumesAsync(cancellationToken).ConfigureAwait(false)).Where(v => Dead(v.Metadata, v.Name)).ToList();
        foreach (var volume in volumes)
        {
            log.Info($"removing leftover volume {volume.Id} ({volume.Name}) of dead run {Describe(volume.Metadata)}");
            try
            {
                if (ops.CanForce && ops.IsKnownStuck(volume))
                {
                    await ops.ForceRemoveVolumeAsync(volume.Id, $"leftover stuck in status '{volume.Status}' since {volume.UpdatedAt ?? volume.CreatedAt}", cancellationToken).ConfigureAwait(false);
                    removed++;
                    continue;
                }
                var anyServer = DeclaredDead(volume.Metadata);
                foreach (var attachment in volume.Attachments ?? [])
                {
                    if (attachment.ServerId == backupVmId || (anyServer && attachment.ServerId is not null))
                    {
                        await ops.DetachAsync(attachment.ServerId!, volume.Id, cancellationToken).ConfigureAwait(false);
                    }
                }
                await ops.DeleteVolumeAsync(volume.Id, cancellationToken).ConfigureAwait(false);
                removed++;
            }
            catch (CloudException e)
            {
                Unremovable($"volume {volume.Id} ({volume.Name}, status {volume.Status})", e);
            }
        }
        var snapshots = (await cloud.Cinder.ListSnapshotsAsync(cancellationToken).ConfigureAwait(false)).Where(s => Dead(s.Metadata, s.Name)).ToList();
        foreach (var snapshot in snapshots)
        {
            log.Info($"removing leftover snapshot {snapshot.Id} ({snapshot.Name}) of dead run {Describe(snapshot.Metadata)}");
            try
            {
                if (ops.CanForce && ops.IsKnownStuck(snapshot))
                {
                    await ops.ForceRemoveSnapshotAsync(snapshot.Id, $"leftover stuck in status '{snapshot.Status}' since {snapshot.UpdatedAt ?? snapshot.CreatedAt}", cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await ops.DeleteSnapshotAsync(snapshot.Id, cancellationToken).ConfigureAwait(false);
                }
                removed++;
            }
            catch (CloudException e)
            {
                Unremovable($"snapshot {snapshot.Id} ({snapshot.Name}, status {snapshot.Status})", e);
            }
        }
        return removed;
    }

    private static string Describe(IReadOnlyDictionary<string, string>? metadata) =>
        TemporaryResources.RunOf(metadata)
        + (TemporaryResources.TaskOf(metadata) is { } task ? $" (task {task}" + (TemporaryResources.HostOf(metadata) is { } host ? $", backup VM {host})" : ")") : "");

    private void Unremovable(string what, CloudException e) =>
        log.Warn($"leftover {what} of a dead run cannot be removed, the backup goes on without it ("
            + (ops.CanForce ? "even forcing it with the admin token failed; an operator must reset its status" : "admin credentials (admin_name, admin_password) are needed to force-remove it")
            + $"): {e.Message}");
}
