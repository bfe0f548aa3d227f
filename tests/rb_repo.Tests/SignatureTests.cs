using System.Security.Cryptography;
using System.Text.Json;
using RuBackup.RepoTool.Tests.Support;

namespace RuBackup.RepoTool.Tests;

/// <summary>
/// `backup --signing-key` signs the manifest with a client's key; `restore`/`verify --signers` judge
/// every archive against a list of client keys: trusted and revoked restore (revoked with a warning),
/// unsigned is a warning, a key not on the list is refused before any file is written.
/// </summary>
public sealed class SignatureTests
{
    /// <summary>A client's signing key as the client keeps it (PKCS#8 PEM) and the fingerprint the server knows it by.</summary>
    private sealed record ClientKey(string File, string Fingerprint)
    {
        public string Short => Fingerprint[..16];

        public static ClientKey Create(string path)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            System.IO.File.WriteAllText(path, key.ExportPkcs8PrivateKeyPem());
            return new ClientKey(path, Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo())));
        }
    }

    private static string SignersFile(TempFolder temp, params string[] lines)
    {
        var path = temp["signers"];
        File.WriteAllLines(path, ["# test signers", .. lines]);
        return path;
    }

    private static async Task<(TestPool Pool, string Image, byte[] Bytes)> PoolWithImageAsync(TempFolder temp, int seed)
    {
        var pool = await TestPool.CreateAsync(temp["pool"], dedup: true, encrypted: false);
        var image = temp["disk.img"];
        var bytes = TestImages.Create(seed, 2 * TestImages.MiB);
        await File.WriteAllBytesAsync(image, bytes);
        return (pool, image, bytes);
    }

    private static async Task<string> SignedBackupAsync(TestPool pool, string image, string type, ClientKey key, string name)
    {
        var result = await RbRepo.RunOkAsync([.. pool.BackupArgs(image, type), "--signing-key", key.File, "--signer-name", name]);
        return result.Stdout.Trim();
    }

    private static Task<CliResult> RestoreAsync(TestPool pool, string archive, string target, string signers) =>
        RbRepo.RunAsync("restore", "--repo", pool.Repo, "--archive", archive, "--target", target, "--signers", signers);

    /// <summary>Restores with the signers file, requires success and the image as backed up; returns what the tool said on stderr.</summary>
    private static async Task<string> RestoredAsync(TestPool pool, string archive, string signers, TempFolder temp, byte[] expected)
    {
        var target = temp["restore"];
        var restore = await RestoreAsync(pool, archive, target, signers);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Equal(TestImages.Sha256(expected), TestImages.Sha256(Path.Combine(target, "sda.raw")));
        return restore.Stderr;
    }

    [Fact]
    public async Task Restore_ChainSignedByAuthorizedClient_RestoredWithASignedByClientLinePerArchive()
    {
        using var temp = new TempFolder();
        var (pool, image, bytes) = await PoolWithImageAsync(temp, seed: 41);
        var key = ClientKey.Create(temp["client.key"]);
        var full = await SignedBackupAsync(pool, image, "full", key, "c1");
        var changed = TestImages.Mutate(bytes, seed: 42, blocks: 4);
        await File.WriteAllBytesAsync(image, changed);
        var incremental = await SignedBackupAsync(pool, image, "incremental", key, "c1");
        var signers = SignersFile(temp, $"{key.Fingerprint} authorized c1");

        var said = await RestoredAsync(pool, incremental, signers, temp, changed);

        Assert.Contains($"rb_repo: archive {full}: signed by client c1 (key {key.Short})", said, StringComparison.Ordinal);
        Assert.Contains($"rb_repo: archive {incremental}: signed by client c1 (key {key.Short})", said, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", said, StringComparison.Ordinal);
        var list = await RbRepo.RunOkAsync("list", "--repo", pool.Repo);
        Assert.Contains($"{key.Short} (c1)", list.Stdout, StringComparison.Ordinal);
        using var json = JsonDocument.Parse((await RbRepo.RunOkAsync("list", "--repo", pool.Repo, "--json")).Stdout);
        Assert.All(json.RootElement.EnumerateArray(), a => Assert.Equal(key.Fingerprint, a.GetProperty("signer").GetString()));
        var verify = await RbRepo.RunAsync("verify", "--repo", pool.Repo, "--signers", signers);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public async Task Restore_SignersWithoutTheKey_RefusedInOneLineNamingTheKeyAndNoImage()
    {
        using var temp = new TempFolder();
        var (pool, image, _) = await PoolWithImageAsync(temp, seed: 43);
        var key = ClientKey.Create(temp["stranger.key"]);
        var other = ClientKey.Create(temp["c1.key"]);
        var archive = await SignedBackupAsync(pool, image, "full", key, "mallory");
        var signers = SignersFile(temp, $"{other.Fingerprint} authorized c1");

        var target = temp["restore"];
        var restore = await RestoreAsync(pool, archive, target, signers);

        CliAssert.OneLineError(restore, archive, "unknown key", key.Short, "mallory", "refused");
        Assert.False(Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any(), "the refused restore wrote into the target");
        var verify = await RbRepo.RunAsync("verify", "--repo", pool.Repo, "--signers", signers);
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains($"UNTRUSTED archive {archive}: signed by an unknown key {key.Short}", verify.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 archive(s) signed by an unknown key", verify.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_RevokedSigner_WarningAndRestored()
    {
        using var temp = new TempFolder();
        var (pool, image, bytes) = await PoolWithImageAsync(temp, seed: 44);
        var key = ClientKey.Create(temp["client.key"]);
        var archive = await SignedBackupAsync(pool, image, "full", key, "old-host");
        var signers = SignersFile(temp, $"{key.Fingerprint} revoked c-old");

        var said = await RestoredAsync(pool, archive, signers, temp, bytes);

        Assert.Contains($"rb_repo: warning: archive {archive}: signed by client c-old (key {key.Short}), whose key is revoked", said, StringComparison.Ordinal);
        var verify = await RbRepo.RunAsync("verify", "--repo", pool.Repo, "--signers", signers);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("warning: archive", verify.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_UnsignedArchive_WarningAndRestored()
    {
        using var temp = new TempFolder();
        var (pool, image, bytes) = await PoolWithImageAsync(temp, seed: 45);
        var archive = await pool.BackupAsync(image, "full");
        var signers = SignersFile(temp, $"{ClientKey.Create(temp["c1.key"]).Fingerprint} authorized c1");

        var said = await RestoredAsync(pool, archive, signers, temp, bytes);

        Assert.Contains($"rb_repo: warning: archive {archive} is not signed", said, StringComparison.Ordinal);
        Assert.EndsWith(" -", (await RbRepo.RunOkAsync("list", "--repo", pool.Repo)).Stdout.Split('\n')[1].TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_SignerNameWithoutKey_OneLineAskingForTheKeyAndNoArchive()
    {
        using var temp = new TempFolder();
        var (pool, image, _) = await PoolWithImageAsync(temp, seed: 46);

        var result = await RbRepo.RunAsync([.. pool.BackupArgs(image, "full"), "--signer-name", "c1"]);

        CliAssert.OneLineError(result, "--signer-name", "--signing-key");
        Assert.Empty(await pool.ListIdsAsync());
    }

    [Fact]
    public async Task Restore_MalformedSignersFile_OneLineNamingFileAndLine()
    {
        using var temp = new TempFolder();
        var (pool, image, _) = await PoolWithImageAsync(temp, seed: 47);
        var archive = await pool.BackupAsync(image, "full");
        var signers = SignersFile(temp, "abc authorized c1");

        var restore = await RestoreAsync(pool, archive, temp["restore"], signers);

        CliAssert.OneLineError(restore, signers + ":2", "fingerprint");
    }
}
