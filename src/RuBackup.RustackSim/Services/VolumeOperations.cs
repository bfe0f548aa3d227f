using RuBackup.RustackSim.Model;

namespace RuBackup.RustackSim.Services;

public sealed record VolumeCreate(string? Name, string? Description, int? SizeGb, string? VolumeType,
    Dictionary<string, string>? Metadata, string? SnapshotId, string UserId);

/// <summary>
/// Cinder volume semantics: checks a real Cinder makes (status preconditions, dependent snapshots), the
/// file work done at request time (so data is point-in-time), and the status change left to StatusMover.
/// </summary>
public sealed class VolumeOperations(CloudStore store, VolumeFiles files, FaultInjector faults, SimOptions options, TimeProvider clock)
{
    public async Task<VolumeRecord> CreateAsync(VolumeCreate request, CancellationToken ct)
    {
        var fault = await faults.EnterAsync("volume_create", ct).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        return store.Change(state =>
        {
            var volume = new VolumeRecord
            {
                Id = CloudSeeder.NewId(),
                Name = request.Name ?? "",
                Description = request.Description ?? "",
                VolumeType = request.VolumeType ?? "__DEFAULT__",
                Metadata = request.Metadata ?? [],
                UserId = request.UserId,
                Created = now,
                Updated = now,
            };
            if (request.SnapshotId is { } snapshotId)
            {
                var snapshot = state.Snapshots.FirstOrDefault(s => s.Id == snapshotId)
                    ?? throw CloudException.NotFound($"Snapshot {snapshotId}");
                if (snapshot.Status != "available")
                {
                    throw CloudException.BadRequest($"Invalid snapshot: Originating snapshot status must be one of 'available' values (is {snapshot.Status})");
                }
                var size = Math.Max(request.SizeGb ?? snapshot.SizeGb, snapshot.SizeGb);
                volume.SnapshotId = snapshotId;
                volume.SizeGb = size;
                // Same byte size as the source when the GiB size is unchanged: tests compare bytes.
                volume.SizeBytes = size == snapshot.SizeGb ? snapshot.SizeBytes : (long)size << 30;
                volume.Bootable = state.Volumes.FirstOrDefault(v => v.Id == snapshot.VolumeId)?.Bootable ?? false;
                files.SparseCopy(files.SnapshotPath(snapshotId), files.VolumePath(volume.Id), volume.SizeBytes);
            }
            else
            {
                if (request.SizeGb is not > 0)
                {
                    throw CloudException.BadRequest("Invalid input received: 'size' must be a positive integer");
                }
                volume.SizeGb = request.SizeGb.Value;
                volume.SizeBytes = (long)volume.SizeGb << 30;
                files.CreateEmpty(files.VolumePath(volume.Id), volume.SizeBytes);
            }
            // The delay starts after the copy: a client must always see "creating" first.
            volume.Pending = Pending.Create("create", clock.GetUtcNow() + options.OpDelay, fault, "available", "error");
            state.Volumes.Add(volume);
            return volume;
        });
    }

    public async Task DeleteAsync(string id, CancellationToken ct)
    {
        Find(id); // 404 before consuming a fault
        var fault = await faults.EnterAsync("volume_delete", ct).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        store.Change(state =>
        {
            var volume = Get(state, id);
            if (volume.Status is not ("available" or "error" or "error_deleting") || volume.Attachments.Count > 0)
            {
                throw CloudException.BadRequest($"Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots or be disassociated from snapshots after volume transfer. (is {volume.Status})");
            }
            if (state.Snapshots.Any(s => s.VolumeId == id))
            {
                throw CloudException.BadRequest("Invalid volume: Volume still has 1 dependent snapshots.");
            }
            volume.Status = "deleting";
            volume.Updated = now;
            volume.Pending = Pending.Create("delete", now + options.OpDelay, fault, null, "error_deleting");
        });
    }

    public async Task<AttachmentRecord> AttachAsync(string serverId, string volumeId, CancellationToken ct)
    {
        Find(volumeId);
        var fault = await faults.EnterAsync("volume_attach", ct).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        return store.Change(state =>
        {
            var server = state.Servers.FirstOrDefault(s => s.Id == serverId) ?? throw CloudException.NotFound($"Instance {serverId}");
            var volume = Get(state, volumeId);
            if (volume.Status != "available")
            {
                throw CloudException.BadRequest($"Invalid volume: volume {volumeId} status must be 'available' (is {volume.Status})");
            }
            var used = state.Volumes.SelectMany(v => v.Attachments).Where(a => a.ServerId == serverId).Select(a => a.Device).ToHashSet();
            var index = 0;
            while (used.Contains(CloudSeeder.DeviceName(index)))
            {
                index++;
            }
            var attachment = new AttachmentRecord { Id = CloudSeeder.NewId(), ServerId = server.Id, Device = CloudSeeder.DeviceName(index), AttachedAt = now };
            volume.Attachments.Add(attachment);
            volume.Status = "attaching";
            volume.Updated = now;
            volume.Pending = Pending.Create("attach", now + options.OpDelay, fault, "in-use", "error", serverId, attachment.Id);
            return attachment;
        });
    }

    public async Task DetachAsync(string serverId, string volumeId, CancellationToken ct)
    {
        Find(volumeId);
        var fault = await faults.EnterAsync("volume_detach", ct).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        store.Change(state =>
        {
            var volume = Get(state, volumeId);
            var attachment = volume.Attachments.FirstOrDefault(a => a.ServerId == serverId)
                ?? throw CloudException.NotFound($"volume_id not found: {volumeId}");
            if (volume.Status != "in-use")
            {
                throw CloudException.BadRequest($"Invalid volume: Unable to detach volume. Volume status must be 'in-use' (is {volume.Status})");
            }
            volume.Status = "detaching";
            volume.Updated = now;
            volume.Pending = Pending.Create("detach", now + options.OpDelay, fault, "available", "error", serverId, attachment.Id);
        });
    }

    /// <summary>
    /// Cinder's admin os-reset_status: sets the status (abandoning any transition in progress) and,
    /// with attach_status "detached", drops the volume's attachments and the backup VM's by-id link.
    /// </summary>
    public void ResetStatus(string id, string status, string? attachStatus)
    {
        if (!ResettableStatuses.Contains(status))
        {
            throw CloudException.BadRequest($"Invalid input received: status '{status}' is not one of {string.Join(", ", ResettableStatuses)}");
        }
        if (attachStatus is not (null or "attached" or "detached"))
        {
            throw CloudException.BadRequest($"Invalid input received: attach_status '{attachStatus}' must be attached or detached");
        }
        var now = clock.GetUtcNow();
        store.Change(state =>
        {
            var volume = Get(state, id);
            volume.Status = status;
            volume.Pending = null;
            volume.Updated = now;
            if (attachStatus == "detached")
            {
                DropAttachments(state, volume, null);
            }
        });
    }

    /// <summary>
    /// Cinder's admin os-force_detach: removes the attachment (all of them without an attachment_id)
    /// whatever the status, and the volume becomes available once none is left.
    /// </summary>
    public void ForceDetach(string id, string? attachmentId)
    {
        var now = clock.GetUtcNow();
        store.Change(state =>
        {
            var volume = Get(state, id);
            if (attachmentId is not null && volume.Attachments.All(a => a.Id != attachmentId))
            {
                throw CloudException.NotFound($"Volume attachment {attachmentId}");
            }
            DropAttachments(state, volume, attachmentId);
            if (volume.Attachments.Count == 0)
            {
                volume.Status = "available";
                volume.Pending = null;
            }
            volume.Updated = now;
        });
    }

    /// <summary>
    /// Cinder's admin os-force_delete: deletes in any status, but (as Cinder) not an attached volume
    /// (force-detach or reset attach_status first) nor one with snapshots. A volume still attaching
    /// loses that attachment. The deletion then runs like an ordinary one, without faults.
    /// </summary>
    public void ForceDelete(string id)
    {
        var now = clock.GetUtcNow();
        store.Change(state =>
        {
            var volume = Get(state, id);
            if (volume.Attachments.Count > 0 && volume.Status != "attaching")
            {
                throw CloudException.BadRequest($"Invalid volume: Volume must not be attached to force-delete it (is {volume.Status}, {volume.Attachments.Count} attachments).");
            }
            if (state.Snapshots.Any(s => s.VolumeId == id))
            {
                throw CloudException.BadRequest("Invalid volume: Volume still has dependent snapshots.");
            }
            DropAttachments(state, volume, null);
            volume.Status = "deleting";
            volume.Updated = now;
            volume.Pending = Pending.Create("delete", now + options.OpDelay, null, null, "error_deleting");
        });
    }

    private static readonly string[] ResettableStatuses =
        ["available", "error", "creating", "deleting", "in-use", "attaching", "detaching", "error_deleting", "maintenance"];

    private void DropAttachments(CloudState state, VolumeRecord volume, string? attachmentId)
    {
        foreach (var attachment in volume.Attachments.Where(a => attachmentId is null || a.Id == attachmentId).ToList())
        {
            volume.Attachments.Remove(attachment);
            if (state.IsBackupVm(attachment.ServerId))
            {
                files.Unlink(volume.Id);
            }
        }
    }

    public void Update(string id, string? name, string? description, Dictionary<string, string>? metadata)
    {
        var now = clock.GetUtcNow();
        store.Change(state =>
        {
            var volume = Get(state, id);
            volume.Name = name ?? volume.Name;
            volume.Description = description ?? volume.Description;
            if (metadata is not null)
            {
                volume.Metadata = metadata;
            }
            volume.Updated = now;
        });
    }

    public void SetBootable(string id, bool bootable) => store.Change(state => { Get(state, id).Bootable = bootable; });

    public Dictionary<string, string> SetMetadata(string id, Dictionary<string, string> metadata, bool replace) => store.Change(state =>
    {
        var volume = Get(state, id);
        if (replace)
        {
            volume.Metadata.Clear();
        }
        foreach (var (key, value) in metadata)
        {
            volume.Metadata[key] = value;
        }
        return new Dictionary<string, string>(volume.Metadata);
    });

    public VolumeRecord Find(string id) => store.Read(state => Get(state, id));

    private static VolumeRecord Get(CloudState state, string id) =>
        state.Volumes.FirstOrDefault(v => v.Id == id) ?? throw CloudException.NotFound($"Volume {id}");
}
