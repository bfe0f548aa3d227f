using System.Text.Json;
using System.Text.Json.Serialization;

namespace RuBackup.Rustack.Cloud;

// Nova v2.1 wire shapes (only the fields the module reads or sends).

public sealed record ServerList([property: JsonPropertyName("servers")] IReadOnlyList<Server> Servers);

public sealed record ServerEnvelope([property: JsonPropertyName("server")] Server Server);

public sealed record Server
{
    [JsonPropertyName("id")] public required string Id { get; init; }

    [JsonPropertyName("name")] public string Name { get; init; } = "";

    [JsonPropertyName("status")] public string Status { get; init; } = "";

    /// <summary>`{"id": ...}` before microversion 2.47, the embedded flavor (`original_name`, vcpus...) after.</summary>
    [JsonPropertyName("flavor")] public JsonElement Flavor { get; init; }

    /// <summary>Network name to its addresses.</summary>
    [JsonPropertyName("addresses")] public Dictionary<string, JsonElement>? Addresses { get; init; }

    [JsonPropertyName("os-extended-volumes:volumes_attached")] public IReadOnlyList<AttachedVolumeRef>? VolumesAttached { get; init; }

    [JsonPropertyName("metadata")] public Dictionary<string, string>? Metadata { get; init; }

    [JsonPropertyName("key_name")] public string? KeyName { get; init; }

    [JsonPropertyName("OS-EXT-AZ:availability_zone")] public string? AvailabilityZone { get; init; }

    [JsonPropertyName("OS-EXT-SRV-ATTR:host")] public string? Host { get; init; }

    [JsonPropertyName("OS-EXT-SRV-ATTR:hypervisor_hostname")] public string? HypervisorHostname { get; init; }

    [JsonPropertyName("OS-EXT-SRV-ATTR:instance_name")] public string? InstanceName { get; init; }

    /// <summary>The flavor's id (old microversions) or name (embedded flavor).</summary>
    public string? FlavorIdOrName => Flavor.ValueKind != JsonValueKind.Object
        ? null
        : Flavor.TryGetProperty("id", out var id) ? id.GetString()
        : Flavor.TryGetProperty("original_name", out var name) ? name.GetString() : null;
}

public sealed record AttachedVolumeRef(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("delete_on_termination")] bool DeleteOnTermination);

public sealed record VolumeAttachmentList([property: JsonPropertyName("volumeAttachments")] IReadOnlyList<VolumeAttachment> VolumeAttachments);

public sealed record VolumeAttachmentEnvelope([property: JsonPropertyName("volumeAttachment")] VolumeAttachment VolumeAttachment);

public sealed record VolumeAttachment(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("volumeId")] string VolumeId,
    [property: JsonPropertyName("serverId")] string? ServerId,
    [property: JsonPropertyName("device")] string? Device);

public sealed record InterfaceList([property: JsonPropertyName("interfaceAttachments")] IReadOnlyList<InterfaceAttachment> InterfaceAttachments);

public sealed record InterfaceAttachment(
    [property: JsonPropertyName("net_id")] string? NetId,
    [property: JsonPropertyName("port_id")] string? PortId,
    [property: JsonPropertyName("mac_addr")] string? MacAddress);

public sealed record FlavorList([property: JsonPropertyName("flavors")] IReadOnlyList<Flavor> Flavors);

public sealed record FlavorEnvelope([property: JsonPropertyName("flavor")] Flavor Flavor);

public sealed record Flavor(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("vcpus")] int Vcpus,
    [property: JsonPropertyName("ram")] int Ram,
    [property: JsonPropertyName("disk")] int Disk);
