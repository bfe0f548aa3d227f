namespace RuBackup.Rustack.Cloud;

/// <summary>The Cinder v3 calls the module makes.</summary>
public sealed class CinderApi(ApiClient client)
{
    private const CloudService Service = CloudService.BlockStorage;

    public async Task<Volume?> FindVolumeAsync(string id, CancellationToken cancellationToken) =>
        (await client.FindAsync<VolumeEnvelope>(Service, $"volumes/{Uri.EscapeDataString(id)}", "read volume", $"volume {id}", cancellationToken).ConfigureAwait(false))?.Volume;

    public async Task<IReadOnlyList<Volume>> ListVolumesAsync(CancellationToken cancellationToken) =>
        (await client.GetAsync<VolumeList>(Service, "volumes/detail", "list volumes", "project", cancellationToken).ConfigureAwait(false)).Volumes;

    public async Task<Volume> CreateVolumeAsync(string name, long sizeGiB, string? snapshotId, string? volumeType, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        var body = new { volume = new { name, size = sizeGiB, snapshot_id = snapshotId, volume_type = volumeType, metadata } };
        var answer = await client.SendAsync<VolumeEnvelope>(Service, HttpMethod.Post, "volumes", body, "create volume", snapshotId is null ? $"volume {name}" : $"volume {name} from snapshot {snapshotId}", cancellationToken).ConfigureAwait(false);
        return answer?.Volume ?? throw CloudException.For("create volume", $"volume {name}", "the answer has no volume");
    }

    public Task DeleteVolumeAsync(string id, CancellationToken cancellationToken) =>
        client.SendAsync(Service, HttpMethod.Delete, $"volumes/{id}", null, "delete volume", $"volume {id}", cancellationToken);

    public Task SetBootableAsync(string id, bool bootable, CancellationToken cancellationToken) =>
        client.SendAsync(Service, HttpMethod.Post, $"volumes/{id}/action", new Dictionary<string, object> { ["os-set_bootable"] = new { bootable } }, "mark volume bootable", $"volume {id}", cancellationToken);

    public async Task<Snapshot?> FindSnapshotAsync(string id, CancellationToken cancellationToken) =>
        (await client.FindAsync<SnapshotEnvelope>(Service, $"snapshots/{Uri.EscapeDataString(id)}", "read snapshot", $"snapshot {id}", cancellationToken).ConfigureAwait(false))?.Snapshot;

    public async Task<IReadOnlyList<Snapshot>> ListSnapshotsAsync(CancellationToken cancellationToken) =>
        (await client.GetAsync<SnapshotList>(Service, "snapshots/detail", "list snapshots", "project", cancellationToken).ConfigureAwait(false)).Snapshots;

    /// <summary>Snapshots an attached (in-use) volume: force is what Cinder requires for that.</summary>
    public async Task<Snapshot> CreateSnapshotAsync(string volumeId, string name, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        var body = new { snapshot = new { volume_id = volumeId, name, force = true, metadata } };
        var answer = await client.SendAsync<SnapshotEnvelope>(Service, HttpMethod.Post, "snapshots", body, "create snapshot", $"snapshot of volume {volumeId}", cancellationToken).ConfigureAwait(false);
        return answer?.Snapshot ?? throw CloudException.For("create snapshot", $"snapshot of volume {volumeId}", "the answer has no snapshot");
    }

    public Task DeleteSnapshotAsync(string id, CancellationToken cancellationToken) =>
        client.SendAsync(Service, HttpMethod.Delete, $"snapshots/{id}", null, "delete snapshot", $"snapshot {id}", cancellationToken);

    // Cinder's admin actions (the admin role only): for temporary resources stuck in a status that
    // ordinary deletes and detaches refuse.

    public Task ResetVolumeStatusAsync(string id, string status, string attachStatus, CancellationToken cancellationToken) =>
        client.SendAsync(Service, HttpMethod.Post, $"volumes/{id}/action", new Dictionary<string, object> { ["os-reset_status"] = new { status, attach_status = attachStatus } },
            "reset volume status", $"volume {id}", cancellationToken);

    public Task ForceDetachVolumeAsync(string id, string? attachmentId, CancellationToken cancellationToken) =>
        client.SendAsync(Service, HttpMethod.Post, $"volumes/{id}/action", new Dictionary<string, object> { ["os-force_detach"] = new { attachment_id = attachmentId } },
            "force-detach volume", $"volume {id}", cancellationToken);

    public Task ForceDeleteVolumeAsync(string id, CancellationToken cancellationToken) =>
        client.SendAsync(Service, HttpMethod.Post, $"volumes/{id}/action", new Dictionary<string, object> { ["os-force_delete"] = new { } },
            "force-delete volume", $"volume {id}", cancellationToken);

    public Task ForceDeleteSnapshotAsync(string id, CancellationToken cancellationToken) =>
        client.SendAsync(Service, HttpMethod.Post, $"snapshots/{id}/action", new Dictionary<string, object> { ["os-force_delete"] = new { } },
            "force-delete snapshot", $"snapshot {id}", cancellationToken);

    /// <summary>Renames a volume and replaces its metadata (a restored disk sheds its temporary marks).</summary>
    public async Task UpdateVolumeAsync(string id, string name, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        await client.SendAsync(Service, HttpMethod.Put, $"volumes/{id}", new { volume = new { name } }, "rename volume", $"volume {id}", cancellationToken).ConfigureAwait(false);
        await client.SendAsync(Service, HttpMethod.Put, $"volumes/{id}/metadata", new { metadata }, "set volume metadata", $"volume {id}", cancellationToken).ConfigureAwait(false);
    }
}
