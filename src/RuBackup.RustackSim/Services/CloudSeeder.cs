using System.Globalization;
using System.Text.Json;
using RuBackup.RustackSim.Model;

namespace RuBackup.RustackSim.Services;

/// <summary>
/// Builds the initial cloud (first start only, when there is no state.json yet) from the --vms file
/// or the default cloud of docs/rustack-sim.md: every VM ACTIVE, its disks available-then-attached
/// volumes, seeded disks filled with deterministic content.
/// </summary>
public sealed class CloudSeeder(SimOptions options, VolumeFiles files)
{
    public static VmsFile DefaultCloud() => new()
    {
        Flavors = [new FlavorSpec { Id = "f1", Name = "m1.small", Vcpus = 1, Ram = 1024, Disk = 10 }],
        Networks = [new NetworkSpec { Id = "n1", Name = "private" }],
        Vms =
        [
            new VmSpec { Name = "rubackup-vm", BackupVm = true, Flavor = "m1.small", Networks = ["private"], Host = "node-1", Disks = [new DiskSpec { SizeMib = 16 }] },
            new VmSpec
            {
                Name = "web-1", Flavor = "m1.small", Networks = ["private"], GuestAgent = true, Host = "node-1",
                Disks = [new DiskSpec { SizeMib = 64, Seed = 1 }, new DiskSpec { SizeMib = 32, Seed = 2 }],
            },
            new VmSpec
            {
                Name = "db-1", Flavor = "m1.small", Networks = ["private"], GuestAgent = true, Host = "node-2",
                Disks = [new DiskSpec { SizeMib = 64, Seed = 3 }, new DiskSpec { SizeMib = 32, Seed = 4 }, new DiskSpec { SizeMib = 16, Seed = 5 }],
            },
        ],
    };

    public static VmsFile Load(string path) =>
        JsonSerializer.Deserialize<VmsFile>(File.ReadAllText(path), CloudStore.Json)
        ?? throw new InvalidOperationException($"{path}: empty VMs file");

    public CloudState Seed()
    {
        var spec = options.VmsFile is null ? DefaultCloud() : Load(options.VmsFile);
        var now = DateTimeOffset.UtcNow;
        var state = new CloudState
        {
            Domain = spec.Domain,
            ProjectId = spec.Project.Id ?? NewId(),
            ProjectName = spec.Project.Name,
            User = new Credential { Id = NewId(), Name = spec.User.Name, Password = spec.User.Password },
            Admin = new Credential { Id = NewId(), Name = spec.Admin.Name, Password = spec.Admin.Password },
            Flavors = [.. spec.Flavors.Select(f => new FlavorRecord { Id = f.Id, Name = f.Name, Vcpus = f.Vcpus, Ram = f.Ram, Disk = f.Disk })],
            Networks = [.. spec.Networks.Select((n, i) => new NetworkRecord { Id = n.Id, Name = n.Name, Prefix = $"10.{i}.0" })],
        };
        if (state.Flavors.Count == 0)
        {
            state.Flavors.Add(new FlavorRecord { Id = "f1", Name = "m1.small" });
        }
        foreach (var vm in spec.Vms)
        {
            var server = new ServerRecord
            {
                Id = NewId(),
                Name = vm.Name,
                Status = "ACTIVE",
                FlavorId = (state.Flavors.FirstOrDefault(f => f.Name == vm.Flavor || f.Id == vm.Flavor) ?? state.Flavors[0]).Id,
                Host = vm.Host,
                InstanceName = string.Create(CultureInfo.InvariantCulture, $"instance-{state.NextInstance++:x8}"),
                GuestAgent = vm.GuestAgent,
                UserId = state.User.Id,
                Created = now,
                Updated = now,
            };
            foreach (var name in vm.Networks)
            {
                var network = state.Networks.FirstOrDefault(n => n.Name == name || n.Id == name)
                    ?? throw new InvalidOperationException($"VM {vm.Name}: unknown network '{name}'");
                server.Addresses.Add(NewAddress(network));
            }
            if (vm.BackupVm && state.BackupVmId.Length == 0)
            {
                state.BackupVmId = server.Id;
            }
            else if (vm.BackupVm)
            {
                state.OtherBackupVmIds.Add(server.Id);
            }
            state.Servers.Add(server);
            for (var i = 0; i < vm.Disks.Count; i++)
            {
                var disk = vm.Disks[i];
                var volume = new VolumeRecord
                {
                    Id = NewId(),
                    Name = $"{vm.Name}-disk{i}",
                    Status = "in-use",
                    SizeBytes = (long)disk.SizeMib << 20,
                    SizeGb = GiB((long)disk.SizeMib << 20),
                    Bootable = i == 0,
                    UserId = state.User.Id,
                    Created = now,
                    Updated = now,
                };
                volume.Attachments.Add(new AttachmentRecord
                {
                    Id = NewId(), ServerId = server.Id, Device = DeviceName(i), AttachedAt = now, BootIndex = i == 0 ? 0 : null,
                });
                var path = files.VolumePath(volume.Id);
                files.CreateEmpty(path, volume.SizeBytes);
                if (disk.Seed is { } seed)
                {
                    DiskContentGenerator.Fill(path, volume.SizeBytes, seed);
                }
                if (vm.BackupVm)
                {
                    files.Link(volume.Id);
                }
                state.Volumes.Add(volume);
            }
        }
        return state;
    }

    public static string NewId() => Guid.NewGuid().ToString();

    /// <summary>Cinder sizes are whole GiB; a 16 MiB test disk reports 1.</summary>
    public static int GiB(long bytes) => (int)Math.Max(1, (bytes + (1L << 30) - 1) >> 30);

    public static string DeviceName(int index) => "/dev/vd" + (char)('a' + index);

    public static ServerAddress NewAddress(NetworkRecord network)
    {
        var host = network.NextHost++;
        // Neutron's MACs are fa:16:3e plus random bytes: unique across networks, unlike the host number.
        var random = System.Security.Cryptography.RandomNumberGenerator.GetBytes(3);
        return new ServerAddress
        {
            Network = network.Name,
            NetworkId = network.Id,
            PortId = NewId(),
            Address = $"{network.Prefix}.{host}",
            Mac = string.Create(CultureInfo.InvariantCulture, $"fa:16:3e:{random[0]:x2}:{random[1]:x2}:{random[2]:x2}"),
        };
    }
}
