using RuBackup.RustackSim.Model;

namespace RuBackup.RustackSim.Services;

/// <summary>Cinder snapshot semantics; the sparse copy is taken at request time, so it is point-in-time.</summary>
public sealed class SnapshotOperations(CloudStore store, VolumeFiles files, FaultInjector faults, SimOptions options, TimeProvider clock)
{
    public async Task<SnapshotRecord> CreateAsync(string volumeId, string? name, string? description, bool force,
        Dictionary<string, string>? metadata, string userId, CancellationToken ct)
    {
        _ = store.Read(state => state.Volumes.FirstOrDefault(v => v.Id == volumeId)) ?? throw CloudException.NotFound($"Volume {volumeId}");
        var fault = await faults.EnterAsync("snapshot_create", ct).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        return store.Change(state =>
        {
            var volume = state.Volumes.FirstOrDefault(v => v.Id == volumeId) ?? throw CloudException.NotFound($"Volume {volumeId}");
            var allowed = volume.Status == "available" || (force && volume.Status == "in-use");
            if (!allowed)
            {
                throw CloudException.BadRequest($"Invalid volume: Volume {volumeId} status must be available, but current status is: {volume.Status}.");
            }
            var snapshot = new SnapshotRecord
            {
                Id = CloudSeeder.NewId(),
                Name = name ?? "",
                Description = description ?? "",
                VolumeId = volumeId,
                SizeGb = volume.SizeGb,
                SizeBytes = volume.SizeBytes,
                Metadata = metadata ?? [],
                UserId = userId,
                Created = now,
                Updated = now,
            };
            files.SparseCopy(files.VolumePath(volumeId), files.SnapshotPath(snapshot.Id), snapshot.SizeBytes);
            // The delay starts after the copy: a client must always see "creating" first.
            snapshot.Pending = Pending.Create("create", clock.GetUtcNow() + options.OpDelay, fault, "available", "error");
            state.Snapshots.Add(snapshot);
            return snapshot;
        });
    }

    public async Task DeleteAsync(string id, CancellationToken ct)
    {
        Find(id);
        var fault = await faults.EnterAsync("snapshot_delete", ct).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        store.Change(state =>
        {
            var snapshot = Get(state, id);
            if (snapshot.Status is not ("available" or "error" or "error_deleting"))
            {
                throw CloudException.BadRequest($"Invalid snapshot: Snapshot status must be available or error (is {snapshot.Status})");
            }
            snapshot.Status = "deleting";
            snapshot.Updated = now;
            snapshot.Pending = Pending.Create("delete", now + options.OpDelay, fault, null, "error_deleting");
        });
    }

    /// <summary>Cinder's admin os-reset_status for a snapshot: sets the status, abandoning any transition.</summary>
    public void ResetStatus(string id, string status)
    {
        if (status is not ("available" or "error" or "creating" or "deleting" or "error_deleting"))
        {
            throw CloudException.BadRequest($"Invalid input received: snapshot status '{status}' must be available, error, creating, deleting or error_deleting");
        }
        var now = clock.GetUtcNow();
        store.Change(state =>
        {
            var snapshot = Get(state, id);
            snapshot.Status = status;
            snapshot.Pending = null;
            snapshot.Updated = now;
        });
    }

    /// <summary>Cinder's admin os-force_delete for a snapshot: deletes in any status, without faults.</summary>
    public void ForceDelete(string id)
    {
        var now = clock.GetUtcNow();
        store.Change(state =>
        {
            var snapshot = Get(state, id);
            snapshot.Status = "deleting";
            snapshot.Updated = now;
            snapshot.Pending = Pending.Create("delete", now + options.OpDelay, null, null, "error_deleting");
        });
    }

    public Dictionary<string, string> SetMetadata(string id, Dictionary<string, string> metadata, bool replace) => store.Change(state =>
    {
        var snapshot = Get(state, id);
        if (replace)
        {
            snapshot.Metadata.Clear();
        }
        foreach (var (key, value) in metadata)
        {
            snapshot.Metadata[key] = value;
        }
        return new Dictionary<string, string>(snapshot.Metadata);
    });

    public SnapshotRecord Find(string id) => store.Read(state => Get(state, id));

    private static SnapshotRecord Get(CloudState state, string id) =>
        state.Snapshots.FirstOrDefault(s => s.Id == id) ?? throw CloudException.NotFound($"Snapshot {id}");
}
