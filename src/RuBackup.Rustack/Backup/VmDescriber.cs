using System.Text.Json;
using RuBackup.Rustack.Cloud;

namespace RuBackup.Rustack.Backup;

/// <summary>Reads what the cloud knows about a VM into a <see cref="VmDescription"/>.</summary>
public sealed class VmDescriber(RustackCloud cloud, ModuleLog log)
{
    public async Task<(VmDescription Description, IReadOnlyList<Volume> Volumes)> DescribeAsync(Server server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var volumes = new List<Volume>();
        foreach (var attached in server.VolumesAttached ?? [])
        {
            var volume = await cloud.Cinder.FindVolumeAsync(attached.Id, cancellationToken).ConfigureAwait(false)
                ?? throw CloudException.For("read VM disks", $"volume {attached.Id} of VM {server.Name}", "listed as attached but not found in Cinder");
            volumes.Add(volume);
        }
        if (volumes.Count == 0)
        {
            throw CloudException.For("read VM disks", $"VM {server.Name} ({server.Id})", "has no volumes attached (ephemeral disks cannot be backed up agentlessly)");
        }
        var attachments = await cloud.Nova.ListAttachmentsAsync(server.Id, cancellationToken).ConfigureAwait(false);
        // The boot disk first (Cinder's bootable flag), then Nova's attachment order.
        var ordered = volumes.Select((v, i) => (Volume: v, Index: i)).OrderBy(x => x.Volume.IsBootable ? 0 : 1).ThenBy(x => x.Index).Select(x => x.Volume).ToList();
        var disks = ordered.Select((v, i) => new DiskDescription
        {
            VolumeId = v.Id,
            Name = v.Name,
            SizeGib = v.Size,
            SizeBytes = v.Size * (1L << 30),
            VolumeType = v.VolumeType,
            Bootable = v.IsBootable,
            BootIndex = i,
            Device = attachments.FirstOrDefault(a => a.VolumeId == v.Id)?.Device,
        }).ToList();

        var description = new VmDescription
        {
            Id = server.Id,
            Name = server.Name,
            Status = server.Status,
            Flavor = await FlavorAsync(server, cancellationToken).ConfigureAwait(false),
            Networks = await NetworksAsync(server, cancellationToken).ConfigureAwait(false),
            Disks = disks,
            AvailabilityZone = server.AvailabilityZone,
            KeyName = server.KeyName,
            Metadata = server.Metadata,
            Taken = cloud.Time.GetUtcNow(),
        };
        return (description, ordered);
    }

    private async Task<FlavorDescription> FlavorAsync(Server server, CancellationToken cancellationToken)
    {
        var flavor = server.Flavor;
        if (flavor.ValueKind == JsonValueKind.Object && flavor.TryGetProperty("original_name", out var name))
        {
            // Microversion 2.47+: the flavor is embedded.
            return new FlavorDescription
            {
                Name = name.GetString(),
                Vcpus = Int(flavor, "vcpus"),
                RamMib = Int(flavor, "ram"),
                DiskGib = Int(flavor, "disk"),
                Id = (await cloud.Nova.ListFlavorsAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(f => f.Name == name.GetString())?.Id,
            };
        }
        var id = server.FlavorIdOrName;
        var known = (await cloud.Nova.ListFlavorsAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(f => f.Id == id);
        return new FlavorDescription { Id = id, Name = known?.Name, Vcpus = known?.Vcpus ?? 0, RamMib = known?.Ram ?? 0, DiskGib = known?.Disk ?? 0 };
    }

    private async Task<IReadOnlyList<NetworkDescription>> NetworksAsync(Server server, CancellationToken cancellationToken)
    {
        IReadOnlyList<InterfaceAttachment> interfaces = [];
        try
        {
            interfaces = await cloud.Nova.ListInterfacesAsync(server.Id, cancellationToken).ConfigureAwait(false);
        }
        catch (CloudException e)
        {
            // Network ids only help a restore choose the same networks; names are kept either way.
            log.Warn($"network ids of VM {server.Name} unknown: {e.Message}");
        }
        var result = new List<NetworkDescription>();
        foreach (var (name, value) in server.Addresses ?? [])
        {
            var addresses = new List<string>();
            var macs = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (value.ValueKind == JsonValueKind.Array)
            {
                foreach (var address in value.EnumerateArray())
                {
                    if (address.TryGetProperty("addr", out var addr))
                    {
                        addresses.Add(addr.GetString() ?? "");
                    }
                    if (address.TryGetProperty("OS-EXT-IPS-MAC:mac_addr", out var mac) && mac.GetString() is { } m)
                    {
                        macs.Add(m);
                    }
                }
            }
            var netId = interfaces.FirstOrDefault(i => i.MacAddress is not null && macs.Contains(i.MacAddress))?.NetId;
            result.Add(new NetworkDescription { Name = name, Id = netId, Addresses = addresses });
        }
        return result;
    }

    private static int Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.TryGetInt32(out var number) ? number : 0;
}
