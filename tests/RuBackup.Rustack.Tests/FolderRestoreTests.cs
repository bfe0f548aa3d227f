using RuBackup.Repository.Crypto;
using RuBackup.Repository.Engine;
using RuBackup.Repository.Format;
using RuBackup.Repository.Storage;
using RuBackup.Rustack.Backup;
using RuBackup.Rustack.Restore;

namespace RuBackup.Rustack.Tests;

public class FolderRestoreTests
{
    private static VmDescription Vm() => new()
    {
        Id = "s-1",
        Name = "web-1",
        Flavor = new FlavorDescription { Id = "f1", Name = "m1.small", Vcpus = 1, RamMib = 1024, DiskGib = 10 },
        Networks = [new NetworkDescription { Name = "private", Id = "n1", Addresses = ["10.0.0.5"] }],
        Disks =
        [
            new DiskDescription { VolumeId = "vol-boot", SizeGib = 1, Bootable = true, BootIndex = 0, VolumeType = "ssd" },
            new DiskDescription { VolumeId = "vol-data", SizeGib = 1, Bootable = false, BootIndex = 1 },
        ],
    };

    private static byte[] Content(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes.AsSpan(0, length / 2)); // second half stays zero: a hole
        return bytes;
    }

    private static async Task<string> WriteArchiveAsync(string repo, MasterKey? key, byte[] boot, byte[] data, ArchiveType type = ArchiveType.Full)
    {
        var repository = Directory.Exists(repo)
            ? await BackupRepository.OpenAsync(repo)
            : await BackupRepository.InitAsync(new LocalFolderDevice(repo), dedup: true, chunkSize: 64 * 1024, encryptionRequired: false);
        var result = await new BackupWriter(repository).WriteAsync(new BackupRequest
        {
            Resource = "s-1",
            ResourceName = "web-1",
            SourceType = VmBackup.SourceType,
            Type = type,
            Key = key,
            Disks = [new MemoryDiskSource("vol-boot", boot), new MemoryDiskSource("vol-data", data)],
            Metadata = Vm().ToBytes(),
        });
        return result.Manifest.Id;
    }

    [Fact]
    public async Task RunAsync_FullArchive_WritesRawImagesAndDescription()
    {
        using var temp = new TempFolder();
        var boot = Content(1, 512 * 1024);
        var data = Content(2, 256 * 1024);
        var id = await WriteArchiveAsync(temp.Sub("repo"), null, boot, data);

        var result = await FolderRestore.RunAsync(temp.Sub("repo"), id, temp.Sub("out"), null, ModuleLog.Silent, null, null, CancellationToken.None);

        Assert.Equal(boot, await File.ReadAllBytesAsync(temp.Sub("out/vol-boot.raw")));
        Assert.Equal(data, await File.ReadAllBytesAsync(temp.Sub("out/vol-data.raw")));
        Assert.Equal(temp.Sub("out/vm.json"), result.DescriptionFile);
        var description = VmDescription.FromBytes(await File.ReadAllBytesAsync(result.DescriptionFile!), id);
        Assert.Equal("web-1", description.Name);
        Assert.Equal("m1.small", description.Flavor.Name);
        Assert.Equal("private", Assert.Single(description.Networks).Name);
        Assert.True(description.Disks[0].Bootable);
        Assert.Equal(1, description.Disks[1].BootIndex);
        Assert.Equal("ssd", description.Disks[0].VolumeType);
    }

    [Fact]
    public async Task RunAsync_IncrementalEncrypted_RestoresTheChain()
    {
        using var temp = new TempFolder();
        var key = MasterKey.FromBytes(new byte[32].Select((_, i) => (byte)i).ToArray());
        var boot = Content(1, 512 * 1024);
        var data = Content(2, 256 * 1024);
        await WriteArchiveAsync(temp.Sub("repo"), key, boot, data);
        boot[10] ^= 0xFF;
        var id = await WriteArchiveAsync(temp.Sub("repo"), key, boot, data, ArchiveType.Incremental);

        await FolderRestore.RunAsync(temp.Sub("repo"), id, temp.Sub("out"), key, ModuleLog.Silent, null, null, CancellationToken.None);

        Assert.Equal(boot, await File.ReadAllBytesAsync(temp.Sub("out/vol-boot.raw")));
        Assert.Equal("web-1", VmDescription.FromBytes(await File.ReadAllBytesAsync(temp.Sub("out/vm.json")), id).Name);
    }

    [Fact]
    public async Task RunAsync_ImagesAreSparse()
    {
        using var temp = new TempFolder();
        var big = new byte[4 * 1024 * 1024];
        big[0] = 1;
        var id = await WriteArchiveAsync(temp.Sub("repo"), null, big, Content(2, 64 * 1024));
        await FolderRestore.RunAsync(temp.Sub("repo"), id, temp.Sub("out"), null, ModuleLog.Silent, null, null, CancellationToken.None);
        var info = new FileInfo(temp.Sub("out/vol-boot.raw"));
        Assert.Equal(big.Length, info.Length);
        Assert.True(AllocatedBytes(info.FullName) < big.Length / 2, "the restored image should keep its holes");
    }

    [Fact]
    public async Task RunAsync_DescriptionAlreadyThere_RefusesBeforeWriting()
    {
        using var temp = new TempFolder();
        var id = await WriteArchiveAsync(temp.Sub("repo"), null, Content(1, 64 * 1024), Content(2, 64 * 1024));
        Directory.CreateDirectory(temp.Sub("out"));
        await File.WriteAllTextAsync(temp.Sub("out/vm.json"), "{}");
        var error = await Assert.ThrowsAsync<IOException>(() => FolderRestore.RunAsync(temp.Sub("repo"), id, temp.Sub("out"), null, ModuleLog.Silent, null, null, CancellationToken.None));
        Assert.Equal($"{temp.Sub("out/vm.json")}: already exists; restore into an empty folder", error.Message);
        Assert.False(File.Exists(temp.Sub("out/vol-boot.raw")));
    }

    private static long AllocatedBytes(string path)
    {
        // stat's block count (512-byte units) is what the file really occupies.
        var start = new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%b", path]) { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(start)!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return long.Parse(text.Trim(), System.Globalization.CultureInfo.InvariantCulture) * 512;
    }
}
