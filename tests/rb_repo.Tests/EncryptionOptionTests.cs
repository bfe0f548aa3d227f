using System.Text.Json;
using RuBackup.RepoTool.Tests.Support;

namespace RuBackup.RepoTool.Tests;

/// <summary>
/// `backup --encryption NAME` chooses a Table 1 algorithm; restore and verify need only the key, since
/// the archive names its algorithm; a bad name is one line listing the good ones.
/// </summary>
public sealed class EncryptionOptionTests
{
    [Fact]
    public async Task Backup_EncryptionKuznyechik_ListedAsKuznyechik256AndRestoresWithTheKeyAlone()
    {
        using var temp = new TempFolder();
        var pool = await TestPool.CreateAsync(temp["pool"], dedup: true, encrypted: true);
        var image = temp["disk.img"];
        var bytes = TestImages.Create(seed: 31, size: 2 * TestImages.MiB);
        await File.WriteAllBytesAsync(image, bytes);

        var backup = await RbRepo.RunOkAsync([.. pool.BackupArgs(image, "full"), "--encryption", "Kuznyechik"]);
        var archive = backup.Stdout.Trim();

        var list = await RbRepo.RunOkAsync("list", "--repo", pool.Repo, "--json");
        using var json = JsonDocument.Parse(list.Stdout);
        Assert.Equal("kuznyechik-256", json.RootElement[0].GetProperty("encryption").GetString());
        var target = temp["restore"];
        var restore = await pool.RestoreAsync(archive, target);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Equal(TestImages.Sha256(bytes), TestImages.Sha256(Path.Combine(target, "sda.raw")));
        var verify = await pool.VerifyAsync();
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public async Task Backup_UnknownEncryption_OneLineListingValidNamesAndNoArchive()
    {
        using var temp = new TempFolder();
        var pool = await TestPool.CreateAsync(temp["pool"], dedup: true, encrypted: true);
        var image = temp["disk.img"];
        await File.WriteAllBytesAsync(image, TestImages.Create(seed: 32, size: TestImages.MiB));

        var result = await RbRepo.RunAsync([.. pool.BackupArgs(image, "full"), "--encryption", "rot13"]);

        CliAssert.OneLineError(result, "--encryption", "rot13", "aes-256-gcm", "kuznyechik-256", "threefish-1024");
        Assert.Empty(await pool.ListIdsAsync());
    }

    [Fact]
    public async Task Backup_EncryptionWithoutKey_OneLineAskingForTheKey()
    {
        using var temp = new TempFolder();
        var pool = await TestPool.CreateAsync(temp["pool"], dedup: true, encrypted: false);
        var image = temp["disk.img"];
        await File.WriteAllBytesAsync(image, TestImages.Create(seed: 33, size: TestImages.MiB));

        var result = await RbRepo.RunAsync([.. pool.BackupArgs(image, "full"), "--encryption", "kuznyechik-256"]);

        CliAssert.OneLineError(result, "--encryption", "--key");
        Assert.Empty(await pool.ListIdsAsync());
    }
}
