using RuBackup.RepoTool.Tests.Support;

namespace RuBackup.RepoTool.Tests;

public sealed class GcTests
{
    [Fact]
    public async Task Gc_NegativeGrace_RefusesAndDeletesNothing()
    {
        using var temp = new TempFolder();
        var pool = await TestPool.CreateAsync(temp["pool"], dedup: true, encrypted: false);
        var path = temp["disk.img"];
        await File.WriteAllBytesAsync(path, TestImages.Create(seed: 41, size: 1 * TestImages.MiB));
        await pool.BackupAsync(path, "full");
        // An unreferenced chunk as a running backup would have it: written seconds ago, no manifest yet.
        var stray = Path.Combine(pool.Repo, "chunks", "raw", "abc", "abc" + new string('0', 61));
        Directory.CreateDirectory(Path.GetDirectoryName(stray)!);
        await File.WriteAllBytesAsync(stray, new byte[100]);

        // A negative grace would push the cutoff past the newest writes and delete chunks a running backup needs.
        CliAssert.OneLineError(await RbRepo.RunAsync("gc", "--repo", pool.Repo, "--grace-seconds", "-60"), "grace");
        Assert.True(File.Exists(stray));
    }

    [Fact]
    public async Task Gc_ZeroGrace_RemovesUnreferencedChunkAndKeepsArchiveWhole()
    {
        using var temp = new TempFolder();
        var pool = await TestPool.CreateAsync(temp["pool"], dedup: true, encrypted: false);
        var path = temp["disk.img"];
        var image = TestImages.Create(seed: 42, size: 1 * TestImages.MiB);
        await File.WriteAllBytesAsync(path, image);
        var archive = await pool.BackupAsync(path, "full");
        var stray = Path.Combine(pool.Repo, "chunks", "raw", "abc", "abc" + new string('0', 61));
        Directory.CreateDirectory(Path.GetDirectoryName(stray)!);
        await File.WriteAllBytesAsync(stray, new byte[100]);
        File.SetLastWriteTimeUtc(stray, DateTime.UtcNow.AddMinutes(-1));

        await RbRepo.RunOkAsync("gc", "--repo", pool.Repo, "--grace-seconds", "0");

        Assert.False(File.Exists(stray));
        Assert.Equal(0, (await pool.VerifyAsync()).ExitCode);
        Assert.Equal(0, (await pool.RestoreAsync(archive, temp["restore"])).ExitCode);
        Assert.Equal(TestImages.Sha256(image), TestImages.Sha256(Path.Combine(temp["restore"], "sda.raw")));
    }
}
