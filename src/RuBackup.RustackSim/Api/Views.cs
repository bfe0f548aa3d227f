using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using RuBackup.RustackSim.Model;

namespace RuBackup.RustackSim.Api;

/// <summary>Wire shapes of Nova and Cinder resources; called under the store's lock (they read live records).</summary>
public static class Views
{
    public static JsonObject Server(CloudState state, ServerRecord s, string baseUrl, bool admin, Version microversion)
    {
        var self = $"{baseUrl}/compute/v2.1/servers/{s.Id}";
        var flavor = state.Flavors.FirstOrDefault(f => f.Id == s.FlavorId) ?? new FlavorRecord { Id = s.FlavorId, Name = s.FlavorId };
        // From 2.47 Nova embeds the flavor instead of linking it.
        var flavorNode = microversion >= new Version(2, 47)
            ? new JsonObject { ["original_name"] = flavor.Name, ["vcpus"] = flavor.Vcpus, ["ram"] = flavor.Ram, ["disk"] = flavor.Disk, ["ephemeral"] = 0, ["swap"] = 0, ["extra_specs"] = new JsonObject() }
            : new JsonObject { ["id"] = flavor.Id, ["links"] = new JsonArray(new JsonObject { ["rel"] = "bookmark", ["href"] = $"{baseUrl}/compute/flavors/{flavor.Id}" }) };
        var addresses = new JsonObject();
        foreach (var group in s.Addresses.GroupBy(a => a.Network))
        {
            addresses[group.Key] = new JsonArray([.. group.Select(a => (JsonNode)new JsonObject
            {
                ["version"] = 4, ["addr"] = a.Address, ["OS-EXT-IPS:type"] = "fixed", ["OS-EXT-IPS-MAC:mac_addr"] = a.Mac,
            })]);
        }
        var attached = new JsonArray([.. AttachedVolumes(state, s.Id).Select(v => (JsonNode)new JsonObject { ["id"] = v.Id, ["delete_on_termination"] = false })]);
        var active = s.Status == "ACTIVE";
        var node = new JsonObject
        {
            ["id"] = s.Id,
            ["name"] = s.Name,
            ["status"] = s.Status,
            ["tenant_id"] = state.ProjectId,
            ["user_id"] = s.UserId,
            ["metadata"] = ApiSupport.Map(s.Metadata),
            ["hostId"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(state.ProjectId + s.Host))),
            ["image"] = "",
            ["flavor"] = flavorNode,
            ["created"] = ApiSupport.TimeZ(s.Created),
            ["updated"] = ApiSupport.TimeZ(s.Updated),
            ["addresses"] = addresses,
            ["accessIPv4"] = "",
            ["accessIPv6"] = "",
            ["links"] = ApiSupport.Links(self),
            ["OS-DCF:diskConfig"] = "MANUAL",
            ["progress"] = 0,
            ["OS-EXT-AZ:availability_zone"] = "nova",
            ["config_drive"] = "",
            ["key_name"] = null,
            ["OS-SRV-USG:launched_at"] = active ? ApiSupport.Time(s.Created) : null,
            ["OS-SRV-USG:terminated_at"] = null,
            ["OS-EXT-STS:task_state"] = s.Pending is { Kind: "delete" } ? "deleting" : null,
            ["OS-EXT-STS:vm_state"] = s.Status switch { "ACTIVE" => "active", "BUILD" => "building", _ => "error" },
            ["OS-EXT-STS:power_state"] = active ? 1 : 0,
            ["os-extended-volumes:volumes_attached"] = attached,
            ["security_groups"] = new JsonArray(new JsonObject { ["name"] = "default" }),
        };
        if (admin)
        {
            node["OS-EXT-SRV-ATTR:host"] = s.Host;
            node["OS-EXT-SRV-ATTR:hypervisor_hostname"] = s.Host;
            node["OS-EXT-SRV-ATTR:instance_name"] = s.InstanceName;
        }
        return node;
    }

    /// <summary>Volumes attached to a server, boot disk first (the documented volumes_attached order).</summary>
    public static IEnumerable<VolumeRecord> AttachedVolumes(CloudState state, string serverId) =>
        state.Volumes
            .Select(v => (v, a: v.Attachments.FirstOrDefault(a => a.ServerId == serverId)))
            .Where(x => x.a is not null)
            .OrderBy(x => x.a!.Device, StringComparer.Ordinal)
            .Select(x => x.v);

    /// <summary>Nova's os-interface entry (a Neutron port) for one of a server's addresses.</summary>
    public static JsonObject Interface(CloudState state, ServerAddress a) => new()
    {
        ["port_id"] = PortId(a),
        ["net_id"] = NetworkId(state, a),
        ["mac_addr"] = a.Mac,
        ["port_state"] = "ACTIVE",
        ["fixed_ips"] = new JsonArray(new JsonObject { ["subnet_id"] = NetworkId(state, a), ["ip_address"] = a.Address }),
    };

    public static string NetworkId(CloudState state, ServerAddress a) =>
        a.NetworkId.Length > 0 ? a.NetworkId : state.Networks.FirstOrDefault(n => n.Name == a.Network)?.Id ?? "";

    /// <summary>State written before ports existed has no port id: a stable one from the MAC.</summary>
    public static string PortId(ServerAddress a) =>
        a.PortId.Length > 0 ? a.PortId : new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(a.Mac)).AsSpan(0, 16)).ToString();

    public static JsonObject ServerLink(ServerRecord s, string baseUrl) => new()
    {
        ["id"] = s.Id, ["name"] = s.Name, ["links"] = ApiSupport.Links($"{baseUrl}/compute/v2.1/servers/{s.Id}"),
    };

    public static JsonObject Attachment(VolumeRecord v, AttachmentRecord a) => new()
    {
        ["id"] = v.Id, ["serverId"] = a.ServerId, ["volumeId"] = v.Id, ["device"] = a.Device,
    };

    public static JsonObject Flavor(FlavorRecord f, string baseUrl, bool detail)
    {
        var node = new JsonObject { ["id"] = f.Id, ["name"] = f.Name, ["links"] = ApiSupport.Links($"{baseUrl}/compute/v2.1/flavors/{f.Id}") };
        if (detail)
        {
            node["vcpus"] = f.Vcpus;
            node["ram"] = f.Ram;
            node["disk"] = f.Disk;
            node["swap"] = "";
            node["rxtx_factor"] = 1.0;
            node["OS-FLV-EXT-DATA:ephemeral"] = 0;
            node["OS-FLV-DISABLED:disabled"] = false;
            node["os-flavor-access:is_public"] = true;
        }
        return node;
    }

    public static JsonObject Volume(CloudState state, VolumeRecord v, string baseUrl, bool admin)
    {
        var node = new JsonObject
        {
            ["id"] = v.Id,
            ["name"] = v.Name,
            ["description"] = v.Description,
            ["status"] = v.Status,
            ["size"] = v.SizeGb,
            ["volume_type"] = v.VolumeType,
            ["bootable"] = v.Bootable ? "true" : "false",
            ["availability_zone"] = "nova",
            ["created_at"] = ApiSupport.Time(v.Created),
            ["updated_at"] = ApiSupport.Time(v.Updated),
            ["attachments"] = new JsonArray([.. v.Attachments.Where(_ => v.Status is "in-use" or "detaching").Select(a => (JsonNode)new JsonObject
            {
                ["id"] = v.Id, ["attachment_id"] = a.Id, ["volume_id"] = v.Id, ["server_id"] = a.ServerId,
                ["host_name"] = state.Servers.FirstOrDefault(s => s.Id == a.ServerId)?.Host, ["device"] = a.Device,
                ["attached_at"] = ApiSupport.Time(a.AttachedAt),
            })]),
            ["metadata"] = ApiSupport.Map(v.Metadata),
            ["snapshot_id"] = v.SnapshotId,
            ["source_volid"] = null,
            ["user_id"] = v.UserId,
            ["os-vol-tenant-attr:tenant_id"] = state.ProjectId,
            ["encrypted"] = false,
            ["multiattach"] = false,
            ["replication_status"] = null,
            ["consistencygroup_id"] = null,
            ["links"] = ApiSupport.Links($"{baseUrl}/volume/v3/{state.ProjectId}/volumes/{v.Id}"),
        };
        if (admin)
        {
            node["os-vol-host-attr:host"] = "cinder@rbd#rbd";
        }
        return node;
    }

    public static JsonObject Snapshot(CloudState state, SnapshotRecord s) => new()
    {
        ["id"] = s.Id,
        ["name"] = s.Name,
        ["description"] = s.Description,
        ["status"] = s.Status,
        ["size"] = s.SizeGb,
        ["volume_id"] = s.VolumeId,
        ["created_at"] = ApiSupport.Time(s.Created),
        ["updated_at"] = ApiSupport.Time(s.Updated),
        ["metadata"] = ApiSupport.Map(s.Metadata),
        ["progress"] = s.Status == "available" ? "100%" : "0%",
        ["os-extended-snapshot-attributes:project_id"] = state.ProjectId,
        ["user_id"] = s.UserId,
    };
}
