using RuBackup.Rustack.Cloud;
using RuBackup.Rustack.Config;

namespace RuBackup.Rustack.Backup;

/// <summary>
/// The undo steps for temporary resources, shared by a run's cleanup stack and the leftover
/// sweeper: each waits for the cloud to finish, and each treats "already gone" as done.
/// </summary>
public sealed class TemporaryOps(RustackCloud cloud)
{
    private readonly StatusWaiter _waiter = new(cloud.Time, cloud.Options.PollInterval);
    private readonly RustackConfig _config = cloud.Config;

    public StatusWaiter Waiter => _waiter;

    public async Task DetachAsync(string serverId, string volumeId, CancellationToken cancellationToken)
    {
        var volume = await cloud.Cinder.FindVolumeAsync(volumeId, cancellationToken).ConfigureAwait(false);
        if (volume is null || !(volume.Attachments ?? []).Any(a => a.ServerId == serverId))
        {
            return;
        }
        if (volume.Status is "attaching")
        {
            await _waiter.UntilAsync(ct => cloud.Cinder.FindVolumeAsync(volumeId, ct), v => v.Status, "in-use", Seconds(_config.VolumeAttachmentTimeoutSeconds),
                "volume_attachment_timeout", "wait for attachment before detach", $"volume {volumeId}", cancellationToken).ConfigureAwait(false);
        }
        try
        {
            await cloud.Nova.DetachVolumeAsync(serverId, volumeId, cancellationToken).ConfigureAwait(false);
        }
        catch (CloudException e) when (e.Status == 404)
        {
            return;
        }
        await _waiter.UntilAsync(ct => cloud.Cinder.FindVolumeAsync(volumeId, ct), v => v.Status, "available", Seconds(_config.VolumeAttachmentTimeoutSeconds),
            "volume_attachment_timeout", "wait for detach", $"volume {volumeId} from VM {serverId}", cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteVolumeAsync(string volumeId, CancellationToken cancellationToken)
    {
        var volume = await cloud.Cinder.FindVolumeAsync(volumeId, cancellationToken).ConfigureAwait(false);
        if (volume is null)
        {
            return;
        }
        if (volume.Status is "creating" or "downloading" or "detaching")
        {
            // Cinder refuses to delete a volume mid-transition; let it settle first.
            await _waiter.UntilAsync(ct => cloud.Cinder.FindVolumeAsync(volumeId, ct), v => v.Status is "error" ? "available" : v.Status, "available",
                Seconds(_config.VolumeCreationTimeoutSeconds), "volume_creation_timeout", "wait before delete", $"volume {volumeId}", cancellationToken).ConfigureAwait(false);
        }
        try
        {
            await cloud.Cinder.DeleteVolumeAsync(volumeId, cancellationToken).ConfigureAwait(false);
        }
        catch (CloudException e) when (e.Status == 404)
        {
            return;
        }
        await _waiter.GoneAsync(ct => cloud.Cinder.FindVolumeAsync(volumeId, ct), v => v.Status, Seconds(_config.VolumeCreationTimeoutSeconds),
            "wait for volume deletion", $"volume {volumeId}", cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteSnapshotAsync(string snapshotId, CancellationToken cancellationToken)
    {
        var snapshot = await cloud.Cinder.FindSnapshotAsync(snapshotId, cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
        {
            return;
        }
        if (snapshot.Status is "creating")
        {
            await _waiter.UntilAsync(ct => cloud.Cinder.FindSnapshotAsync(snapshotId, ct), s => s.Status is "error" ? "available" : s.Status, "available",
                Seconds(_config.SnapshotCreationTimeoutSeconds), "snapshot_creation_timeout", "wait before delete", $"snapshot {snapshotId}", cancellationToken).ConfigureAwait(false);
        }
        try
        {
            await cloud.Cinder.DeleteSnapshotAsync(snapshotId, cancellationToken).ConfigureAwait(false);
        }
        catch (CloudException e) when (e.Status == 404)
        {
            return;
        }
        await _waiter.GoneAsync(ct => cloud.Cinder.FindSnapshotAsync(snapshotId, ct), s => s.Status, Seconds(_config.SnapshotCreationTimeoutSeconds),
            "wait for snapshot deletion", $"snapshot {snapshotId}", cancellationToken).ConfigureAwait(false);
    }

    public static TimeSpan Seconds(int seconds) => TimeSpan.FromSeconds(seconds);
}
