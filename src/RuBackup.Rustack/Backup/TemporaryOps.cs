using System.Globalization;
using RuBackup.Rustack.Cloud;
using RuBackup.Rustack.Config;

namespace RuBackup.Rustack.Backup;

/// <summary>
/// The undo steps for temporary resources, shared by a run's cleanup stack and the leftover
/// sweeper: each waits for the cloud to finish, and each treats "already gone" as done.
/// With a log and admin credentials (<see cref="CanForce"/>), a step the cloud refuses or that times
/// out (a resource stuck in a transitional or error status) falls back to Cinder's admin actions
/// os-force_detach, os-reset_status and os-force_delete, for resources marked rubackup_temporary only;
/// a resource already known stuck is forced at once instead of waiting out another timeout.
/// </summary>
public sealed class TemporaryOps(RustackCloud cloud, ModuleLog? log = null)
{
    private static readonly string[] VolumeSettling = ["creating", "downloading", "deleting"];
    private static readonly string[] VolumeAttachments = ["attaching", "detaching", "reserved"];

    private readonly StatusWaiter _waiter = new(cloud.Time, cloud.Options.PollInterval);
    private readonly RustackConfig _config = cloud.Config;

    public StatusWaiter Waiter => _waiter;

    /// <summary>True when stuck temporary resources can be force-removed (admin credentials configured).</summary>
    public bool CanForce => log is not null && cloud.AdminCinder is not null;

    public async Task DetachAsync(string serverId, string volumeId, CancellationToken cancellationToken)
    {
        try
        {
            await DetachOrdinaryAsync(serverId, volumeId, cancellationToken).ConfigureAwait(false);
        }
        catch (CloudException e) when (CanForce)
        {
            // The volume is temporary and about to be deleted anyway: force-removing it whole is the undo.
            await ForceRemoveVolumeAsync(volumeId, e.Message, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task DeleteVolumeAsync(string volumeId, CancellationToken cancellationToken)
    {
        try
        {
            await DeleteVolumeOrdinaryAsync(volumeId, cancellationToken).ConfigureAwait(false);
        }
        catch (CloudException e) when (CanForce)
        {
            await ForceRemoveVolumeAsync(volumeId, e.Message, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task DeleteSnapshotAsync(string snapshotId, CancellationToken cancellationToken)
    {
        try
        {
            await DeleteSnapshotOrdinaryAsync(snapshotId, cancellationToken).ConfigureAwait(false);
        }
        catch (CloudException e) when (CanForce)
        {
            await ForceRemoveSnapshotAsync(snapshotId, e.Message, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Known stuck: an error status, or a transitional status unchanged (updated_at, else created_at)
    /// for longer than the timeout the module would wait for it.
    /// </summary>
    public bool IsKnownStuck(Volume volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var timeout = VolumeSettling.Contains(volume.Status) ? _config.VolumeCreationTimeoutSeconds
            : VolumeAttachments.Contains(volume.Status) ? _config.VolumeAttachmentTimeoutSeconds : (int?)null;
        return IsKnownStuck(volume.Status, volume.UpdatedAt ?? volume.CreatedAt, timeout);
    }

    public bool IsKnownStuck(Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var timeout = snapshot.Status is "creating" or "deleting" ? _config.SnapshotCreationTimeoutSeconds : (int?)null;
        return IsKnownStuck(snapshot.Status, snapshot.UpdatedAt ?? snapshot.CreatedAt, timeout);
    }

    private bool IsKnownStuck(string status, string? since, int? timeoutSeconds)
    {
        if (status.StartsWith("error", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        // OpenStack writes UTC times, mostly without a zone suffix.
        return timeoutSeconds is { } seconds
            && DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var changed)
            && cloud.Time.GetUtcNow() - changed >= Seconds(seconds);
    }

    /// <summary>Force-detaches, resets and force-deletes a temporary volume with the admin token, then waits for it to go.</summary>
    public async Task ForceRemoveVolumeAsync(string volumeId, string reason, CancellationToken cancellationToken)
    {
        var admin = Admin();
        var volume = await cloud.Cinder.FindVolumeAsync(volumeId, cancellationToken).ConfigureAwait(false);
        if (volume is null)
        {
            return;
        }
        var resource = $"volume {volumeId} ({volume.Name}, status {volume.Status})";
        if (!TemporaryResources.IsTemporary(volume.Name, volume.Metadata))
        {
            throw CloudException.For("force-remove", resource, $"not marked {TemporaryResources.TemporaryKey}, so the module does not force it ({reason})");
        }
        log!.Warn($"force-removing temporary {resource} with the admin token: {reason}");
        foreach (var attachment in volume.Attachments ?? [])
        {
            log.Info($"forced: os-force_detach volume {volumeId} attachment {attachment.AttachmentId} (VM {attachment.ServerId})");
            await IgnoringGone(admin.ForceDetachVolumeAsync(volumeId, attachment.AttachmentId, cancellationToken)).ConfigureAwait(false);
        }
        log.Info($"forced: os-reset_status volume {volumeId} to available, detached");
        if (!await IgnoringGone(admin.ResetVolumeStatusAsync(volumeId, "available", "detached", cancellationToken)).ConfigureAwait(false))
        {
            return;
        }
        log.Info($"forced: os-force_delete volume {volumeId}");
        if (!await IgnoringGone(admin.ForceDeleteVolumeAsync(volumeId, cancellationToken)).ConfigureAwait(false))
        {
            return;
        }
        await _waiter.GoneAsync(ct => cloud.Cinder.FindVolumeAsync(volumeId, ct), v => v.Status, Seconds(_config.VolumeCreationTimeoutSeconds),
            "wait for forced volume deletion", $"volume {volumeId}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Force-deletes a temporary snapshot with the admin token, then waits for it to go.</summary>
    public async Task ForceRemoveSnapshotAsync(string snapshotId, string reason, CancellationToken cancellationToken)
    {
        var admin = Admin();
        var snapshot = await cloud.Cinder.FindSnapshotAsync(snapshotId, cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
        {
            return;
        }
        var resource = $"snapshot {snapshotId} ({snapshot.Name}, status {snapshot.Status})";
        if (!TemporaryResources.IsTemporary(snapshot.Name, snapshot.Metadata))
        {
            throw CloudException.For("force-remove", resource, $"not marked {TemporaryResources.TemporaryKey}, so the module does not force it ({reason})");
        }
        log!.Warn($"force-removing temporary {resource} with the admin token: {reason}");
        log.Info($"forced: os-force_delete snapshot {snapshotId}");
        if (!await IgnoringGone(admin.ForceDeleteSnapshotAsync(snapshotId, cancellationToken)).ConfigureAwait(false))
        {
            return;
        }
        await _waiter.GoneAsync(ct => cloud.Cinder.FindSnapshotAsync(snapshotId, ct), s => s.Status, Seconds(_config.SnapshotCreationTimeoutSeconds),
            "wait for forced snapshot deletion", $"snapshot {snapshotId}", cancellationToken).ConfigureAwait(false);
    }

    private CinderApi Admin() => CanForce ? cloud.AdminCinder! : throw new InvalidOperationException("force-removal needs admin credentials and a log");

    /// <returns>False when the resource was already gone (404).</returns>
    private static async Task<bool> IgnoringGone(Task request)
    {
        try
        {
            await request.ConfigureAwait(false);
            return true;
        }
        catch (CloudException e) when (e.Status == 404)
        {
            return false;
        }
    }

    /// <summary>Throws at once instead of waiting when forcing is possible and the resource is already known stuck.</summary>
    private void FailIfKnownStuck(bool stuck, string step, string resource, string status)
    {
        if (CanForce && stuck)
        {
            throw CloudException.For(step, resource, $"stuck in status '{status}' for longer than its timeout");
        }
    }

    private async Task DetachOrdinaryAsync(string serverId, string volumeId, CancellationToken cancellationToken)
    {
        var volume = await cloud.Cinder.FindVolumeAsync(volumeId, cancellationToken).ConfigureAwait(false);
        if (volume is null || !(volume.Attachments ?? []).Any(a => a.ServerId == serverId))
        {
            return;
        }
        if (volume.Status is "attaching")
        {
            FailIfKnownStuck(IsKnownStuck(volume), "wait for attachment before detach", $"volume {volumeId}", volume.Status);
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

    private async Task DeleteVolumeOrdinaryAsync(string volumeId, CancellationToken cancellationToken)
    {
        var volume = await cloud.Cinder.FindVolumeAsync(volumeId, cancellationToken).ConfigureAwait(false);
        if (volume is null)
        {
            return;
        }
        if (volume.Status is "creating" or "downloading" or "detaching")
        {
            FailIfKnownStuck(IsKnownStuck(volume), "wait before delete", $"volume {volumeId}", volume.Status);
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

    private async Task DeleteSnapshotOrdinaryAsync(string snapshotId, CancellationToken cancellationToken)
    {
        var snapshot = await cloud.Cinder.FindSnapshotAsync(snapshotId, cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
        {
            return;
        }
        if (snapshot.Status is "creating")
        {
            FailIfKnownStuck(IsKnownStuck(snapshot), "wait before delete", $"snapshot {snapshotId}", snapshot.Status);
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
