using RuBackup.Rustack.Cloud;

namespace RuBackup.Rustack.Backup;

/// <summary>
/// Removes what dead runs left in the cloud (a killed process cannot run its cleanup stack):
/// resources marked temporary whose run holds no lock here. Order: attachments to the backup VM,
/// then volumes, then snapshots, because a snapshot cannot go while a volume made from it exists.
/// A leftover already known stuck (error status, or a transitional status older than its timeout) is
/// force-removed at once through the admin token (<see cref="TemporaryOps.CanForce"/>); one whose
/// ordinary removal fails is force-removed too. Without admin credentials, or when even that fails, it
/// is reported as a warning naming it and skipped: it must not fail every later backup.
/// </summary>
public sealed class LeftoverSweeper(RustackCloud cloud, TemporaryOps ops, RunRegistry runs, ModuleLog log)
{
    public async Task<int> SweepAsync(string backupVmId, string currentRunId, CancellationToken cancellationToken)
    {
        bool Dead(IReadOnlyDictionary<string, string>? metadata, string? name)
        {
            if (!TemporaryResources.IsTemporary(name, metadata))
            {
                return false;
            }
            var run = TemporaryResources.RunOf(metadata)!;
            return run != currentRunId && !runs.IsAlive(run);
        }

        var removed = 0;
        var volumes = (await cloud.Cinder.ListVolumesAsync(cancellationToken).ConfigureAwait(false)).Where(v => Dead(v.Metadata, v.Name)).ToList();
        foreach (var volume in volumes)
        {
            log.Info($"removing leftover volume {volume.Id} ({volume.Name}) of dead run {TemporaryResources.RunOf(volume.Metadata)}");
            try
            {
                if (ops.CanForce && ops.IsKnownStuck(volume))
                {
                    await ops.ForceRemoveVolumeAsync(volume.Id, $"leftover stuck in status '{volume.Status}' since {volume.UpdatedAt ?? volume.CreatedAt}", cancellationToken).ConfigureAwait(false);
                    removed++;
                    continue;
                }
                foreach (var attachment in volume.Attachments ?? [])
                {
                    if (attachment.ServerId == backupVmId)
                    {
                        await ops.DetachAsync(backupVmId, volume.Id, cancellationToken).ConfigureAwait(false);
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
            log.Info($"removing leftover snapshot {snapshot.Id} ({snapshot.Name}) of dead run {TemporaryResources.RunOf(snapshot.Metadata)}");
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

    private void Unremovable(string what, CloudException e) =>
        log.Warn($"leftover {what} of a dead run cannot be removed, the backup goes on without it ("
            + (ops.CanForce ? "even forcing it with the admin token failed; an operator must reset its status" : "admin credentials (admin_name, admin_password) are needed to force-remove it")
            + $"): {e.Message}");
}
