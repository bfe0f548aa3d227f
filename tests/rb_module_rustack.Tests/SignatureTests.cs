using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace RuBackup.RustackModule.Tests;

/// <summary>
/// `-b --signing-key` signs the archive with the client's key; `-r --signers` judges every archive of
/// the chain before anything is created: a key not on the list is refused with nothing left in the
/// cloud or the target folder.
/// </summary>
public sealed class SignatureTests : IDisposable
{
    private readonly ModuleRun _run = new();

    /// <summary>A PKCS#8 PEM P-256 key as the client keeps keys/client.key; returns its fingerprint (SHA-256 of the SPKI, hex).</summary>
    private string WriteKey(string name, out string path)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        path = Path.Combine(_run.Folder("keys"), name);
        File.WriteAllText(path, key.ExportPkcs8PrivateKeyPem());
        return Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
    }

    private string WriteSigners(params string[] lines)
    {
        var path = Path.Combine(_run.Folder("keys"), "signers");
        File.WriteAllLines(path, lines);
        return path;
    }

    private async Task<string> InitRepoAsync()
    {
        var repo = _run.Folder("repo");
        var init = await _run.RepoAsync("init", "--repo", repo, "--dedup");
        Assert.True(init.ExitCode == 0, init.ToString());
        return repo;
    }

    [Fact]
    public async Task Backup_SigningKey_ArchiveRecordsTheSignerAndARestoreWithItsKeyListedSaysSignedByClient()
    {
        var repo = await InitRepoAsync();
        var fingerprint = WriteKey("client.key", out var keyFile);
        var volumes = await CloudFiles.VolumeIdsAsync(_run, "web-1");

        var backup = await _run.ModuleAsync("-b", "web-1", "--repo", repo, "--type", "full", "--signing-key", keyFile, "--signer-name", "node-1", "--json");

        var archive = CloudFiles.ArchiveId(backup);
        Assert.Equal(fingerprint, JsonNode.Parse(backup.Stdout)!["signer"]!.GetValue<string>());
        var list = await _run.RepoAsync("list", "--repo", repo, "--json");
        var listed = JsonNode.Parse(list.Stdout)!.AsArray().Single(a => a!["id"]!.GetValue<string>() == archive)!;
        Assert.Equal(fingerprint, listed["signer"]!.GetValue<string>());
        Assert.Equal("node-1", listed["signer_name"]!.GetValue<string>());

        var target = _run.Folder("restore");
        var restore = await _run.ModuleAsync("-r", archive, "--repo", repo, "-X", "--target", target, "--signers", WriteSigners($"{fingerprint} authorized node-1"));
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Contains($"rb_module_rustack: archive {archive}: signed by client node-1 (key {fingerprint[..16]})", restore.Stderr, StringComparison.Ordinal);
        foreach (var volume in volumes)
        {
            Assert.Equal(CloudFiles.Sha256(CloudFiles.VolumePath(_run, volume)), CloudFiles.Sha256(Path.Combine(target, volume + ".raw")));
        }
        var noList = await _run.ModuleAsync("-r", archive, "--repo", repo, "-X", "--target", _run.Folder("restore-unchecked"));
        Assert.True(noList.ExitCode == 0, noList.ToString());
        Assert.Contains($"archive {archive}: signed by 'node-1' (key {fingerprint[..16]}); the key was not checked", noList.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_SignersLackTheKey_RefusedInOneLineBeforeAnyVolumeOrVmIsCreated()
    {
        var repo = await InitRepoAsync();
        var stranger = WriteKey("stranger.key", out var strangerFile);
        var known = WriteKey("client.key", out _);
        var archive = CloudFiles.ArchiveId(await _run.ModuleAsync("-b", "web-1", "--repo", repo, "--type", "full", "--signing-key", strangerFile, "--signer-name", "mallory", "--json"));
        var signers = WriteSigners("# the server's clients", $"{known} authorized node-1");
        var before = await _run.CloudStateAsync();

        var deploy = await _run.ModuleAsync("-r", archive, "--repo", repo, "-x", "--signers", signers);
        var target = _run.Folder("restore");
        var toFolder = await _run.ModuleAsync("-r", archive, "--repo", repo, "-X", "--target", target, "--signers", signers);

        foreach (var refused in new[] { deploy, toFolder })
        {
            Assert.Equal(2, refused.ExitCode);
            var line = Assert.Single(refused.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal($"rb_module_rustack: error: archive {archive}: signed by an unknown key {stranger[..16]} (the manifest calls its signer 'mallory'); "
                + "no client of this system has that key; restore refused", line);
        }
        var after = await _run.CloudStateAsync();
        Assert.Equal(Names(before, "servers"), Names(after, "servers"));
        Assert.Equal(Names(before, "volumes"), Names(after, "volumes"));
        Assert.Empty(await _run.TemporaryLeftoversAsync());
        Assert.Empty(Directory.EnumerateFileSystemEntries(target));
    }

    [Fact]
    public async Task Backup_SignerNameWithoutKey_UsageErrorBeforeTheCloud()
    {
        var repo = await InitRepoAsync();

        var result = await _run.ModuleAsync("-b", "web-1", "--repo", repo, "--type", "full", "--signer-name", "node-1");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("rb_module_rustack: error: --signer-name needs the key to sign with: give --signing-key FILE", result.Stderr.Trim());
        Assert.Empty(await _run.TemporaryLeftoversAsync());
    }

    private static List<string> Names(JsonNode state, string kind) =>
        [.. state[kind]!.AsArray().Select(n => $"{n!["id"]} {n["name"]}").Order(StringComparer.Ordinal)];

    public void Dispose() => _run.Dispose();
}
