namespace RuBackup.RustackSim.Model;

// The whole persisted cloud. Mutable classes on purpose: CloudStore mutates them under its lock and
// serializes the whole graph to state.json after every change (the cloud is small).

public sealed class CloudState
{
    public string Domain { get; set; } = "default";
    public string ProjectId { get; set; } = "";
    public string ProjectName { get; set; } = "demo";
    public Credential User { get; set; } = new();
    public Credential Admin { get; set; } = new();
    public string BackupVmId { get; set; } = "";

    /// <summary>Further backup VMs (a cluster group: each member has its own); the config file names the first.</summary>
    public List<string> OtherBackupVmIds { get; set; } = [];
    public int NextInstance { get; set; } = 1;
    public List<FlavorRecord> Flavors { get; set; } = [];
    public List<NetworkRecord> Networks { get; set; } = [];
    public List<ServerRecord> Servers { get; set; } = [];
    public List<VolumeRecord> Volumes { get; set; } = [];
    public List<SnapshotRecord> Snapshots { get; set; } = [];
    public List<TokenRecord> Tokens { get; set; } = [];

    /// <summary>A VM whose attached volumes appear as devices in the by-id folder.</summary>
    public bool IsBackupVm(string? serverId) => serverId is not null && (serverId == BackupVmId || OtherBackupVmIds.Contains(serverId));
}

public sealed class Credential
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Password { get; set; } = "";
}

public sealed class FlavorRecord
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public int Vcpus { get; set; } = 1;
    public int Ram { get; set; } = 1024;
    public int Disk { get; set; } = 10;
}

public sealed class NetworkRecord
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>The /24 prefix addresses are handed out from, e.g. "10.0.0".</summary>
    public string Prefix { get; set; } = "10.0.0";
    public int NextHost { get; set; } = 10;
}

/// <summary>A status change the background mover applies once DueAt passes; null Target = stuck forever.</summary>
public sealed class PendingChange
{
    public string Kind { get; set; } = "";
    public string? Target { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public string? ServerId { get; set; }
    public string? AttachmentId { get; set; }
}

public sealed class ServerAddress
{
    public string Network { get; set; } = "";
    public string Address { get; set; } = "";
    public string Mac { get; set; } = "";
    /// <summary>The network's id (empty in state written before ports existed: look up by name).</summary>
    public string NetworkId { get; set; } = "";
    /// <summary>The Neutron port id of this interface (empty in older state: derived from the MAC).</summary>
    public string PortId { get; set; } = "";
}

public sealed class ServerRecord
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Status { get; set; } = "BUILD";
    public string FlavorId { get; set; } = "";
    public string Host { get; set; } = "node-1";
    public string InstanceName { get; set; } = "";
    public bool GuestAgent { get; set; }
    public string UserId { get; set; } = "";
    public DateTimeOffset Created { get; set; }
    public DateTimeOffset Updated { get; set; }
    public List<ServerAddress> Addresses { get; set; } = [];
    public Dictionary<string, string> Metadata { get; set; } = [];
    public PendingChange? Pending { get; set; }
}

public sealed class AttachmentRecord
{
    public string Id { get; set; } = "";
    public string ServerId { get; set; } = "";
    public string Device { get; set; } = "";
    public DateTimeOffset AttachedAt { get; set; }
    /// <summary>Boot disks carry boot index 0; the rest null (Nova's block_device_mapping semantics).</summary>
    public int? BootIndex { get; set; }
}

public sealed class VolumeRecord
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public string Status { get; set; } = "creating";
    public int SizeGb { get; set; } = 1;
    public long SizeBytes { get; set; }
    public string VolumeType { get; set; } = "__DEFAULT__";
    public bool Bootable { get; set; }
    public string? SnapshotId { get; set; }
    public string UserId { get; set; } = "";
    public DateTimeOffset Created { get; set; }
    public DateTimeOffset Updated { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];
    public List<AttachmentRecord> Attachments { get; set; } = [];
    public PendingChange? Pending { get; set; }
}

public sealed class SnapshotRecord
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public string Status { get; set; } = "creating";
    public string VolumeId { get; set; } = "";
    public int SizeGb { get; set; } = 1;
    public long SizeBytes { get; set; }
    public string UserId { get; set; } = "";
    public DateTimeOffset Created { get; set; }
    public DateTimeOffset Updated { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];
    public PendingChange? Pending { get; set; }
}

public sealed class TokenRecord
{
    public string Id { get; set; } = "";
    public string UserId { get; set; } = "";
    public bool IsAdmin { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
