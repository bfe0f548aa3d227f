using System.Text.Json.Serialization;

namespace RuBackup.RustackSim.Model;

// The --vms file (docs/rustack-sim.md "VMs file"); snake_case on the wire.

public sealed class VmsFile
{
    public string Domain { get; set; } = "default";
    public ProjectSpec Project { get; set; } = new();
    public CredentialSpec User { get; set; } = new() { Name = "rubackup", Password = "rubackup-secret" };
    public CredentialSpec Admin { get; set; } = new() { Name = "admin", Password = "admin-secret" };
    public List<FlavorSpec> Flavors { get; set; } = [];
    public List<NetworkSpec> Networks { get; set; } = [];
    public List<VmSpec> Vms { get; set; } = [];
}

public sealed class ProjectSpec
{
    public string? Id { get; set; }
    public string Name { get; set; } = "demo";
}

public sealed class CredentialSpec
{
    public string Name { get; set; } = "";
    public string Password { get; set; } = "";
}

public sealed class FlavorSpec
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public int Vcpus { get; set; } = 1;
    public int Ram { get; set; } = 1024;
    public int Disk { get; set; } = 10;
}

public sealed class NetworkSpec
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
}

public sealed class VmSpec
{
    public string Name { get; set; } = "";
    [JsonPropertyName("backup_vm")]
    public bool BackupVm { get; set; }
    public string? Flavor { get; set; }
    public List<string> Networks { get; set; } = [];
    [JsonPropertyName("guest_agent")]
    public bool GuestAgent { get; set; }
    public string Host { get; set; } = "node-1";
    public List<DiskSpec> Disks { get; set; } = [];
}

public sealed class DiskSpec
{
    [JsonPropertyName("size_mib")]
    public int SizeMib { get; set; } = 16;
    public int? Seed { get; set; }
}
