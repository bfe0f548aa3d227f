using System.Text.Json.Nodes;

namespace RuBackup.RustackModule.Tests;

/// <summary>
/// `-b VM --key FILE --encryption NAME`: the archive is sealed with the chosen Table 1 algorithm and a
/// restore needs only the key, reading the algorithm from the archive (issue 7).
/// </summary>
public sealed class EncryptionTests : IDisposable
{
    private readonly ModuleRun _run = new();

    [Fact]
    public async Task Backup_EncryptionKuznyechik256_ArchiveNamesItAndRestoreToFolderGivesTheDisksByteForByte()
    {
        var repo = _run.Folder("repo");
        var key = Path.Combine(_run.Folder("keys"), "master-key");
        Assert.True((await _run.RepoAsync("init", "--repo", repo, "--dedup")) is { ExitCode: 0 }, "init failed");
        var keygen = await _run.RepoAsync("keygen", "--out", key);
        Assert.True(keygen.ExitCode == 0, keygen.ToString());
        var volumes = await CloudFiles.VolumeIdsAsync(_run, "web-1");
        var hashes = volumes.ToDictionary(v => v, v => CloudFiles.Sha256(CloudFiles.VolumePath(_run, v)));

        var archive = CloudFiles.ArchiveId(await _run.ModuleAsync("-b", "web-1", "--repo", repo, "--type", "full", "--key", key, "--encryption", "kuznyechik-256", "--json"));

        var list = await _run.RepoAsync("list", "--repo", repo, "--json");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Equal("kuznyechik-256", JsonNode.Parse(list.Stdout)!.AsArray().Single(a => a!["id"]!.GetValue<string>() == archive)!["encryption"]!.GetValue<string>());
        var target = _run.Folder("restore");
        var restore = await _run.ModuleAsync("-r", archive, "--repo", repo, "-X", "--target", target, "--key", key);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        foreach (var (volume, hash) in hashes)
        {
            Assert.True(hash == CloudFiles.Sha256(Path.Combine(target, volume + ".raw")), $"volume {volume} differs after the Kuznyechik round trip");
        }
        var withoutKey = await _run.ModuleAsync("-r", archive, "--repo", repo, "-X", "--target", _run.Folder("restore-nokey"));
        Assert.Equal(2, withoutKey.ExitCode);
        Assert.Contains("encrypted", withoutKey.Stderr, StringComparison.Ordinal);
        Assert.Empty(await _run.TemporaryLeftoversAsync());
    }

    [Fact]
    public async Task Backup_UnknownEncryption_OneLineListingValidNamesBeforeTouchingTheCloud()
    {
        var repo = _run.Folder("repo");
        var key = Path.Combine(_run.Folder("keys"), "master-key");
        Assert.True((await _run.RepoAsync("init", "--repo", repo, "--dedup")) is { ExitCode: 0 }, "init failed");
        Assert.True((await _run.RepoAsync("keygen", "--out", key)) is { ExitCode: 0 }, "keygen failed");

        var result = await _run.ModuleAsync("-b", "web-1", "--repo", repo, "--type", "full", "--key", key, "--encryption", "gost-89");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("rb_module_rustack: error: --encryption: 'gost-89'", line, StringComparison.Ordinal);
        Assert.Contains("kuznyechik-256", line, StringComparison.Ordinal);
        Assert.Contains("aes-256-gcm", line, StringComparison.Ordinal);
        Assert.Empty(await _run.TemporaryLeftoversAsync());
        var list = await _run.RepoAsync("list", "--repo", repo, "--json");
        Assert.Empty(JsonNode.Parse(list.Stdout)!.AsArray());
    }

    public void Dispose() => _run.Dispose();
}
