using RuBackup.Rustack.Cloud;

namespace RuBackup.Rustack.Backup;

/// <summary>
/// Removes what dead runs left in the cloud (a killed process cannot run its cleanup stack):
/// resources marked temporary whose run holds no lock here. Order: attachments to the backup VM,
/// then volumes, then snapshots, because a snapshot cannot go while a volume made from it exists.
/// A leftover the cloud refuses to remove (stuck in a transitional or error status, which needs an
/// operator's reset-state) is reported as a warning and skipped: it must not fail every later backup.
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
                await ops.DeleteSnapshotAsync(snapshot.Id, cancellationToken).ConfigureAwait(false);
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
        log.Warn($"leftover {what} of a dead run cannot be removed, the backup goes on without it (an operator may need to reset its status): {e.Message}");
}
