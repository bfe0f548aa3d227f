using RuBackup.RepoTool.Tests.Support;

namespace RuBackup.RepoTool.Tests;

/// <summary>Prune deletes backups: a dry run must change nothing, and no rule at all must not mean "delete everything".</summary>
public sealed class PruneTests
{
    private static async Task<(TestPool Pool, List<string> Ids)> PoolWithThreeFullsAsync(TempFolder temp)
    {
        var pool = await TestPool.CreateAsync(temp["pool"], dedup: false, encrypted: false);
        var path = temp["disk.img"];
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            await File.WriteAllBytesAsync(path, TestImages.Create(seed: 30 + i, size: 1 * TestImages.MiB));
            ids.Add(await pool.BackupAsync(path, "full"));
        }
        return (pool, ids);
    }

    private static List<string> RepoFiles(TestPool pool) =>
        [.. Directory.EnumerateFiles(pool.Repo, "*", SearchOption.AllDirectories).Where(f => !f.Contains("locks", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Prune_DryRun_RemovesNothing()
    {
        using var temp = new TempFolder();
        var (pool, ids) = await PoolWithThreeFullsAsync(temp);
        var files = RepoFiles(pool);

        var result = await RbRepo.RunOkAsync("prune", "--repo", pool.Repo, "--keep-last", "1", "--dry-run");

        Assert.Contains("2 archive(s) would be removed", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(ids, await pool.ListIdsAsync());
        Assert.Equal(files, RepoFiles(pool));
    }

    [Fact]
    public async Task Prune_NoKeepOption_RefusesAndRemovesNothing()
    {
        using var temp = new TempFolder();
        var (pool, ids) = await PoolWithThreeFullsAsync(temp);

        CliAssert.OneLineError(await RbRepo.RunAsync("prune", "--repo", pool.Repo), "--keep");
        CliAssert.OneLineError(await RbRepo.RunAsync("prune", "--repo", pool.Repo, "--dry-run"), "--keep");
        Assert.Equal(ids, await pool.ListIdsAsync());
    }

    [Fact]
    public async Task Prune_KeepLastOne_RemovesOlderFullsAndTheirPacks()
    {
        using var temp = new TempFolder();
        var (pool, ids) = await PoolWithThreeFullsAsync(temp);

        await RbRepo.RunOkAsync("prune", "--repo", pool.Repo, "--keep-last", "1");

        Assert.Equal([ids[^1]], await pool.ListIdsAsync());
        Assert.Equal([ids[^1] + ".pack"], Directory.EnumerateFiles(Path.Combine(pool.Repo, "packs")).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("--keep-last", "-1")]
    [InlineData("--keep-daily", "-3")]
    [InlineData("--keep-within", "0d")]
    public async Task Prune_KeepRuleThatKeepsNothing_RefusesAndRemovesNothing(string option, string value)
    {
        using var temp = new TempFolder();
        var (pool, ids) = await PoolWithThreeFullsAsync(temp);

        // Such a rule passes "at least one rule" yet keeps nothing: it must not become "remove everything".
        CliAssert.OneLineError(await RbRepo.RunAsync("prune", "--repo", pool.Repo, option, value), "--keep");
        Assert.Equal(ids, await pool.ListIdsAsync());
    }
}
