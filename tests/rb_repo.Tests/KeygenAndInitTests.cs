using System.Runtime.Versioning;
using RuBackup.RepoTool.Tests.Support;

namespace RuBackup.RepoTool.Tests;

/// <summary>The two commands that create things must never silently replace what is already there.</summary>
public sealed class KeygenAndInitTests
{
    [Fact]
    [SupportedOSPlatform("linux")] // rb_repo itself is Linux-only (flock, syncfs); file modes are POSIX.
    public async Task Keygen_NewPath_Writes32BytesReadableOnlyByOwner()
    {
        using var temp = new TempFolder();
        var key = temp["master.key"];

        await RbRepo.RunOkAsync("keygen", "--out", key);

        Assert.Equal(32, new FileInfo(key).Length);
        // A master key readable by others would defeat the encryption it protects.
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
    }

    [Fact]
    public async Task Keygen_ExistingFile_RefusesAndKeepsOldKey()
    {
        using var temp = new TempFolder();
        var key = temp["master.key"];
        await RbRepo.RunOkAsync("keygen", "--out", key);
        var before = await File.ReadAllBytesAsync(key);

        var again = await RbRepo.RunAsync("keygen", "--out", key);

        // Overwriting a key would make every archive written with it unreadable.
        CliAssert.OneLineError(again, key, "refusing to overwrite");
        Assert.Equal(2, again.ExitCode);
        Assert.Equal(before, await File.ReadAllBytesAsync(key));
    }

    [Fact]
    public async Task Keygen_TwoRuns_GiveDifferentKeys()
    {
        using var temp = new TempFolder();
        await RbRepo.RunOkAsync("keygen", "--out", temp["a.key"]);
        await RbRepo.RunOkAsync("keygen", "--out", temp["b.key"]);

        Assert.NotEqual(await File.ReadAllBytesAsync(temp["a.key"]), await File.ReadAllBytesAsync(temp["b.key"]));
    }

    [Fact]
    public async Task Init_TwiceInOneFolder_SecondFailsAndFirstStaysUsable()
    {
        using var temp = new TempFolder();
        var repo = temp["pool"];
        await RbRepo.RunOkAsync("init", "--repo", repo, "--dedup");
        var config = await File.ReadAllBytesAsync(Path.Combine(repo, "rubackup-repo.json"));

        var again = await RbRepo.RunAsync("init", "--repo", repo);

        CliAssert.OneLineError(again, repo, "already exists");
        Assert.Equal(2, again.ExitCode);
        Assert.Equal(config, await File.ReadAllBytesAsync(Path.Combine(repo, "rubackup-repo.json")));
        await RbRepo.RunOkAsync("list", "--repo", repo);
    }

    [Fact]
    public async Task Init_NonEmptyFolder_Refuses()
    {
        using var temp = new TempFolder();
        var repo = temp["pool"];
        Directory.CreateDirectory(repo);
        await File.WriteAllTextAsync(Path.Combine(repo, "someone-elses.txt"), "data");

        CliAssert.OneLineError(await RbRepo.RunAsync("init", "--repo", repo), repo, "not empty");
    }

    [Theory]
    [InlineData("100K")]
    [InlineData("8K")]
    [InlineData("lots")]
    public async Task Init_BadChunkSize_FailsWithoutCreatingRepository(string size)
    {
        using var temp = new TempFolder();
        var repo = temp["pool"];

        CliAssert.OneLineError(await RbRepo.RunAsync("init", "--repo", repo, "--chunk-size", size));
        Assert.False(File.Exists(Path.Combine(repo, "rubackup-repo.json")));
    }
}
