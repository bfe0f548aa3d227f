using System.Text.Json.Nodes;
using RuBackup.RepoTool.Tests.Support;

namespace RuBackup.RepoTool.Tests;

/// <summary>
/// Wrong or missing keys and damaged pool files are operator mistakes or disk trouble, not bugs: each
/// must end in one "rb_repo: error:" line naming the file or archive and the reason, with no stack
/// trace, and a restore must not leave an image behind.
/// </summary>
public sealed class KeyAndFormatErrorTests
{
    private static async Task<(TestPool Pool, string Archive, string Image)> EncryptedPoolWithOneArchiveAsync(TempFolder temp)
    {
        var pool = await TestPool.CreateAsync(temp["pool"], dedup: true, encrypted: true);
        var image = temp["disk.img"];
        await File.WriteAllBytesAsync(image, TestImages.Create(seed: 11, size: 2 * TestImages.MiB));
        return (pool, await pool.BackupAsync(image, "full"), image);
    }

    [Fact]
    public async Task Restore_WrongKey_FailsNamingArchiveAndKey()
    {
        using var temp = new TempFolder();
        var (pool, archive, _) = await EncryptedPoolWithOneArchiveAsync(temp);
        var otherKey = temp["other.key"];
        await RbRepo.RunOkAsync("keygen", "--out", otherKey);

        var target = temp["restore"];
        var result = await RbRepo.RunAsync("restore", "--repo", pool.Repo, "--archive", archive, "--target", target, "--key", otherKey);

        CliAssert.OneLineError(result, archive, otherKey, "key");
        CliAssert.NoRestoredImage(target);
    }

    [Fact]
    public async Task Restore_NoKeyForEncryptedArchive_FailsAskingForKey()
    {
        using var temp = new TempFolder();
        var (pool, archive, _) = await EncryptedPoolWithOneArchiveAsync(temp);

        var target = temp["restore"];
        var result = await RbRepo.RunAsync("restore", "--repo", pool.Repo, "--archive", archive, "--target", target);

        CliAssert.OneLineError(result, archive, "encrypted", "--key");
        CliAssert.NoRestoredImage(target);
    }

    [Fact]
    public async Task Backup_NoKeyForEncryptedRepository_FailsNamingRepository()
    {
        using var temp = new TempFolder();
        var (pool, archive, image) = await EncryptedPoolWithOneArchiveAsync(temp);

        var result = await RbRepo.RunAsync("backup", "--repo", pool.Repo, "--resource", "vm", "--disk", "sda=" + image, "--type", "full");

        CliAssert.OneLineError(result, pool.Repo, "encryption", "--key");
        Assert.Equal([archive], await pool.ListIdsAsync());
    }

    [Fact]
    public async Task Commands_KeyFileOfWrongLength_FailNamingFile()
    {
        using var temp = new TempFolder();
        var (pool, archive, _) = await EncryptedPoolWithOneArchiveAsync(temp);
        var shortKey = temp["short.key"];
        await File.WriteAllBytesAsync(shortKey, new byte[16]);

        var target = temp["restore"];
        var result = await RbRepo.RunAsync("restore", "--repo", pool.Repo, "--archive", archive, "--target", target, "--key", shortKey);

        CliAssert.OneLineError(result, shortKey, "32 bytes");
        CliAssert.NoRestoredImage(target);
    }

    [Fact]
    public async Task Commands_MissingKeyFile_FailNamingFile()
    {
        using var temp = new TempFolder();
        var (pool, archive, _) = await EncryptedPoolWithOneArchiveAsync(temp);
        var missing = temp["no-such.key"];

        var target = temp["restore"];
        var result = await RbRepo.RunAsync("restore", "--repo", pool.Repo, "--archive", archive, "--target", target, "--key", missing);

        CliAssert.OneLineError(result, missing);
        CliAssert.NoRestoredImage(target);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Commands_TruncatedManifest_FailNamingArchive(bool encrypted)
    {
        using var temp = new TempFolder();
        var pool = await TestPool.CreateAsync(temp["pool"], dedup: false, encrypted);
        var image = temp["disk.img"];
        await File.WriteAllBytesAsync(image, TestImages.Create(seed: 12, size: 2 * TestImages.MiB));
        var archive = await pool.BackupAsync(image, "full");
        var manifest = Path.Combine(pool.Repo, "manifests", archive + ".manifest");
        var bytes = await File.ReadAllBytesAsync(manifest);
        await File.WriteAllBytesAsync(manifest, bytes.AsSpan(0, bytes.Length * 2 / 3).ToArray());

        var target = temp["restore"];
        var restore = await pool.RestoreAsync(archive, target);
        CliAssert.OneLineError(restore, archive, "truncated");
        CliAssert.NoRestoredImage(target);

        // The catalog refuses to list around it rather than hide an archive silently.
        var list = await RbRepo.RunAsync("list", "--repo", pool.Repo);
        CliAssert.OneLineError(list, archive, "truncated");

        var verify = await pool.VerifyAsync();
        Assert.True(verify.ExitCode == 1, $"verify should report the damaged manifest:\n{verify}");
        Assert.Contains($"DAMAGED manifest {archive}", verify.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("99")]
    [InlineData("\"2\"")]
    [InlineData("1.5")]
    [InlineData("null")]
    public async Task Commands_UnknownRepositoryFormat_FailNamingConfigFile(string format)
    {
        using var temp = new TempFolder();
        var pool = await TestPool.CreateAsync(temp["pool"], dedup: true, encrypted: false);
        var image = temp["disk.img"];
        await File.WriteAllBytesAsync(image, TestImages.Create(seed: 13, size: 1 * TestImages.MiB));
        var archive = await pool.BackupAsync(image, "full");
        var config = Path.Combine(pool.Repo, "rubackup-repo.json");
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        json["format"] = JsonNode.Parse(format);
        await File.WriteAllTextAsync(config, json.ToJsonString());

        var target = temp["restore"];
        var restore = await pool.RestoreAsync(archive, target);
        CliAssert.OneLineError(restore, config, "format");
        CliAssert.NoRestoredImage(target);
        CliAssert.OneLineError(await RbRepo.RunAsync("list", "--repo", pool.Repo), config, "format");
        CliAssert.OneLineError(await RbRepo.RunAsync(pool.BackupArgs(image, "full")), config, "format");
        CliAssert.OneLineError(await RbRepo.RunAsync("gc", "--repo", pool.Repo), config, "format");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("1")]
    [InlineData("{\"format\": 1, \"id\": ")]
    public async Task List_RepositoryDescriptionNotAnObject_FailsNamingConfigFile(string content)
    {
        using var temp = new TempFolder();
        var pool = await TestPool.CreateAsync(temp["pool"], dedup: false, encrypted: false);
        var config = Path.Combine(pool.Repo, "rubackup-repo.json");
        await File.WriteAllTextAsync(config, content);

        CliAssert.OneLineError(await RbRepo.RunAsync("list", "--repo", pool.Repo), config, "not a valid repository description");
    }
}
