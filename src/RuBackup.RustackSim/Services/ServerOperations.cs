using System.Globalization;
using RuBackup.RustackSim.Model;

namespace RuBackup.RustackSim.Services;

public sealed record BootVolume(string VolumeId, int? BootIndex);

/// <summary>Nova server semantics: boot from existing volumes only (no images in this cloud).</summary>
public sealed class ServerOperations(CloudStore store, FaultInjector faults, SimOptions options, TimeProvider clock)
{
    public async Task<ServerRecord> CreateAsync(string name, string flavorRef, IReadOnlyList<string> networkIds,
        IReadOnlyList<BootVolume> volumes, Dictionary<string, string>? metadata, string userId, CancellationToken ct)
    {
        var fault = await faults.EnterAsync("server_create", ct).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        return store.Change(state =>
        {
            var flavor = state.Flavors.FirstOrDefault(f => f.Id == flavorRef || flavorRef.EndsWith("/" + f.Id, StringComparison.Ordinal))
                ?? throw CloudException.BadRequest($"Flavor {flavorRef} could not be found.");
            if (volumes.Count == 0)
            {
                throw CloudException.BadRequest("Block Device Mapping is Invalid: this cloud boots from volumes only (block_device_mapping_v2).");
            }
            var disks = volumes.Select(b => (b, v: state.Volumes.FirstOrDefault(v => v.Id == b.VolumeId)
                ?? throw CloudException.BadRequest($"Block Device Mapping is Invalid: failed to get volume {b.VolumeId}."))).ToList();
            foreach (var (_, v) in disks.Where(d => d.v.Status != "available"))
            {
                throw CloudException.BadRequest($"Block Device Mapping is Invalid: volume {v.Id} status must be 'available'.");
            }
            var server = new ServerRecord
            {
                Id = CloudSeeder.NewId(),
                Name = name,
                Status = "BUILD",
                FlavorId = flavor.Id,
                Host = "node-1",
                InstanceName = string.Create(CultureInfo.InvariantCulture, $"instance-{state.NextInstance++:x8}"),
                UserId = userId,
                Created = now,
                Updated = now,
                Metadata = metadata ?? [],
            };
            foreach (var id in networkIds)
            {
                var network = state.Networks.FirstOrDefault(n => n.Id == id || n.Name == id)
                    ?? throw CloudException.BadRequest($"Network {id} could not be found.");
                server.Addresses.Add(CloudSeeder.NewAddress(network));
            }
            var index = 0;
            foreach (var (boot, volume) in disks.OrderBy(d => d.b.BootIndex ?? int.MaxValue))
            {
                var attachment = new AttachmentRecord
                {
                    Id = CloudSeeder.NewId(), ServerId = server.Id, Device = CloudSeeder.DeviceName(index++), AttachedAt = now, BootIndex = boot.BootIndex,
                };
                volume.Attachments.Add(attachment);
                volume.Status = "attaching";
                volume.Pending = Pending.Create("attach", now + options.OpDelay, null, "in-use", "error", server.Id, attachment.Id);
            }
            server.Pending = Pending.Create("create", now + options.OpDelay, fault, "ACTIVE", "ERROR");
            state.Servers.Add(server);
            return server;
        });
    }

    public void Delete(string id)
    {
        var now = clock.GetUtcNow();
        store.Change(state =>
        {
            var server = state.Servers.FirstOrDefault(s => s.Id == id) ?? throw CloudException.NotFound($"Instance {id}");
            if (state.IsBackupVm(server.Id))
            {
                throw CloudException.Conflict("The simulator's backup VM cannot be deleted.");
            }
            server.Pending = new PendingChange { Kind = "delete", Target = "", DueAt = now + options.OpDelay };
        });
    }
}
