namespace RuBackup.RustackModule.Tests;

/// <summary>One simulator and repository for the chain test (the test owns both).</summary>
public sealed class ChainCloud : IDisposable
{
    public ModuleRun Run { get; } = new();

    public void Dispose() => Run.Dispose();
}

public sealed class BackupChainTests(ChainCloud cloud) : IClassFixture<ChainCloud>
{
    private readonly ModuleRun _run = cloud.Run;

    [Fact]
    public async Task BackupChain_FullIncrementalDifferentialOfTwoVmsWithChangedDisks_EachArchiveRestoresItsPointInTimeByteForByte()
    {
        var repo = _run.Folder("repo");
        var init = await _run.RepoAsync("init", "--repo", repo);
        Assert.True(init.ExitCode == 0, init.ToString());
        var random = new Random(20240611);
        var expected = new List<(string Vm, string Archive, Dictionary<string, string> Hashes)>();
        var vms = new Dictionary<string, IReadOnlyList<string>>
        {
            ["web-1"] = await CloudFiles.VolumeIdsAsync(_run, "web-1"),
            ["db-1"] = await CloudFiles.VolumeIdsAsync(_run, "db-1"),
        };
        Assert.Equal(2, vms["web-1"].Count);
        Assert.Equal(3, vms["db-1"].Count);

        foreach (var type in new[] { "full", "incremental", "differential" })
        {
            if (type != "full")
            {
                foreach (var volume in vms.Values.SelectMany(v => v))
                {
                    CloudFiles.Scribble(CloudFiles.VolumePath(_run, volume), random);
                }
            }
            foreach (var (vm, volumes) in vms)
            {
                var hashes = volumes.ToDictionary(v => v, v => CloudFiles.Sha256(CloudFiles.VolumePath(_run, v)));
                var backup = await _run.ModuleAsync("-b", vm, "--repo", repo, "--type", type, "--json");
                var archive = CloudFiles.ArchiveId(backup);
                Assert.Empty(await _run.TemporaryLeftoversAsync());
                // The source disks are unchanged by the backup itself.
                Assert.Equal(hashes, volumes.ToDictionary(v => v, v => CloudFiles.Sha256(CloudFiles.VolumePath(_run, v))));
                expected.Add((vm, archive, hashes));
            }
        }

        // Every point differs from the previous one, so restoring a wrong point cannot pass.
        Assert.Equal(6, expected.Select(e => string.Join(",", e.Hashes.Values)).Distinct().Count());
        foreach (var (vm, archive, hashes) in expected)
        {
            var target = _run.Folder("restore-" + archive);
            var restore = await _run.ModuleAsync("-r", archive, "--repo", repo, "-X", "--target", target);
            Assert.True(restore.ExitCode == 0, restore.ToString());
            foreach (var (volume, hash) in hashes)
            {
                var image = Path.Combine(target, volume + ".raw");
                Assert.True(File.Exists(image), $"{vm} archive {archive}: no image {image}");
                Assert.Equal(new FileInfo(CloudFiles.VolumePath(_run, volume)).Length, new FileInfo(image).Length);
                Assert.True(hash == CloudFiles.Sha256(image), $"{vm} archive {archive}: image of volume {volume} differs from the disk at backup time");
            }
            Assert.True(File.Exists(Path.Combine(target, "vm.json")));
            Assert.Empty(await _run.TemporaryLeftoversAsync());
        }
    }
}
