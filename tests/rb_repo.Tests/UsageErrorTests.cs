using RuBackup.RepoTool.Tests.Support;

namespace RuBackup.RepoTool.Tests;

/// <summary>
/// Mistyped command lines are errors like any other for a script: one "rb_repo: error:" line and
/// exit 2, not a help page on stderr and exit 1.
/// </summary>
public sealed class UsageErrorTests
{
    [Theory]
    [InlineData(new[] { "backup", "--repo", "r", "--resource", "vm", "--disk", "sda=x", "--type", "weekly" }, "weekly")]
    [InlineData(new[] { "restore", "--repo", "r", "--target", "t" }, "--archive")]
    [InlineData(new[] { "gc", "--repo", "r", "--grace-seconds", "soon" }, "soon")]
    [InlineData(new[] { "frobnicate" }, "frobnicate")]
    [InlineData(new string[0], "command")]
    public async Task Cli_BadCommandLine_OneLineErrorExitTwo(string[] args, string mention)
    {
        var result = await RbRepo.RunAsync(args);

        CliAssert.OneLineError(result, mention);
        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public async Task Cli_Help_PrintsUsageAndSucceeds()
    {
        var result = await RbRepo.RunOkAsync("backup", "--help");

        Assert.Contains("--resource", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("100000y")]
    [InlineData("2147483647d")]
    [InlineData("9999999y")]
    public async Task Prune_KeepWithinTooLong_OneLineError(string within)
    {
        using var temp = new TempFolder();
        var pool = await TestPool.CreateAsync(temp["pool"], dedup: false, encrypted: false);

        // These overflowed TimeSpan (a stack trace) or wrapped around int to a short or negative window.
        CliAssert.OneLineError(await RbRepo.RunAsync("prune", "--repo", pool.Repo, "--keep-within", within, "--dry-run"), within);
    }

    [Fact]
    public async Task Prune_KeepWithinCenturies_KeepsEverything()
    {
        using var temp = new TempFolder();
        var pool = await TestPool.CreateAsync(temp["pool"], dedup: false, encrypted: false);
        var path = temp["disk.img"];
        await File.WriteAllBytesAsync(path, TestImages.Create(seed: 51, size: TestImages.MiB));
        var archive = await pool.BackupAsync(path, "full");

        // now - 3000 years is before year 1: the window must still be applied, not overflow.
        await RbRepo.RunOkAsync("prune", "--repo", pool.Repo, "--keep-within", "3000y");

        Assert.Equal([archive], await pool.ListIdsAsync());
    }
}
