using RuBackup.Rustack.Cloud;

namespace RuBackup.Rustack.Backup;

/// <summary>
/// Removes what dead runs left in the cloud (a killed process cannot run its cleanup stack):
/// resources marked temporary whose run holds no lock here. Order: attachments to the backup VM,
/// then volumes, then snapshots, because a snapshot cannot go while a volume made from it exists.
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
        var snapshots = (await cloud.Cinder.ListSnapshotsAsync(cancellationToken).ConfigureAwait(false)).Where(s => Dead(s.Metadata, s.Name)).ToList();
        foreach (var snapshot in snapshots)
        {
            log.Info($"removing leftover snapshot {snapshot.Id} ({snapshot.Name}) of dead run {TemporaryResources.RunOf(snapshot.Metadata)}");
            await ops.DeleteSnapshotAsync(snapshot.Id, cancellationToken).ConfigureAwait(false);
            removed++;
        }
        return removed;
    }
}
