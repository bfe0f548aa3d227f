using RuBackup.Repository.Engine;
using RuBackup.Repository.Format;

namespace RuBackup.Repository.Tests;

/// <summary>
/// Retention on a hand-moved clock, so every bucket is known in advance; then the safety rules: no
/// kept archive loses a base, a plan alone deletes nothing, and prune + gc leaves a pool whose
/// remaining archives restore while the chunks only the removed ones used are gone.
/// </summary>
public class PruneTests
{
    private const int C = TestPool.ChunkSize;

    // ISO weeks of 2026: Jan 10 is W02, Jan 31 W05, Feb 14 W07, Feb 27 W09, Mar 2-5 W10.
    private static readonly (string Name, DateTimeOffset At)[] Schedule =
    [
        ("a", new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero)),
        ("b", new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero)),
        ("c", new(2026, 2, 14, 12, 0, 0, TimeSpan.Zero)),
        ("d", new(2026, 2, 27, 12, 0, 0, TimeSpan.Zero)),
        ("e", new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero)),
        ("f", new(2026, 3, 2, 18, 0, 0, TimeSpan.Zero)),
        ("g", new(2026, 3, 4, 12, 0, 0, TimeSpan.Zero)),
        ("h", new(2026, 3, 5, 12, 0, 0, TimeSpan.Zero)),
    ];

    [Theory]
    [InlineData("last 3", "fgh")]
    [InlineData("daily 3", "fgh")] // e and f share a day: the newer one stands for it
    [InlineData("weekly 2", "dh")]
    [InlineData("monthly 3", "bdh")]
    [InlineData("within 2d", "gh")]
    [InlineData("weekly 2 + monthly 3", "bdh")]
    public async Task PlanAsync_RetentionRule_KeepsNewestOfEachPeriod(string rule, string expectedKept)
    {
        var policy = rule switch
        {
            "last 3" => new PrunePolicy { KeepLast = 3 },
            "daily 3" => new PrunePolicy { KeepDaily = 3 },
            "weekly 2" => new PrunePolicy { KeepWeekly = 2 },
            "monthly 3" => new PrunePolicy { KeepMonthly = 3 },
            "within 2d" => new PrunePolicy { KeepWithin = TimeSpan.FromDays(2) },
            _ => new PrunePolicy { KeepWeekly = 2, KeepMonthly = 3 },
        };
        var clock = new ManualClock(Schedule[0].At);
        using var pool = await TestPool.CreateAsync(dedup: true, clock);
        var ids = new Dictionary<string, string>();
        foreach (var (name, at) in Schedule)
        {
            clock.Now = at;
            ids[(await pool.BackupAsync("vm", ArchiveType.Full, null, ("sda", Images.Random(C, name[0])))).Manifest.Id] = name;
        }
        clock.Now = new DateTimeOffset(2026, 3, 5, 13, 0, 0, TimeSpan.Zero);

        var decisions = await new PrunePlanner(pool.Repository).PlanAsync(policy, "vm");

        Assert.Equal(Schedule.Length, decisions.Count);
        var kept = string.Concat(decisions.Where(d => d.Keep).Select(d => ids[d.Archive.Id]).Order());
        Assert.Equal(expectedKept, kept);
        Assert.All(decisions.Where(d => !d.Keep), d => Assert.Empty(d.Reasons));
        if (rule == "weekly 2")
        {
            Assert.Contains("weekly 2026-W09", decisions.Single(d => ids[d.Archive.Id] == "d").Reasons);
        }
    }

    [Fact]
    public async Task PlanAsync_KeptIncremental_KeepsWholeChainWithBaseReasons()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero));
        using var pool = await TestPool.CreateAsync(dedup: false, clock);
        var image = Images.Random(4 * C, 1);
        var chain = new List<ArchiveManifest>();
        foreach (var type in new[] { ArchiveType.Full, ArchiveType.Incremental, ArchiveType.Incremental })
        {
            image[chain.Count * C] ^= 1;
            chain.Add((await pool.BackupAsync("vm", type, null, ("sda", image))).Manifest);
            clock.Advance(TimeSpan.FromDays(1));
        }
        var other = (await pool.BackupAsync("db", ArchiveType.Full, null, ("sda", image))).Manifest;

        var decisions = await new PrunePlanner(pool.Repository).PlanAsync(new PrunePolicy { KeepLast = 1 }, "vm");

        Assert.DoesNotContain(decisions, d => d.Archive.Id == other.Id);
        Assert.All(decisions, d => Assert.True(d.Keep, $"{d.Archive.Id} ({d.Archive.Type}) would be removed"));
        Assert.Equal(["last 1"], Reasons(decisions, chain[2]));
        Assert.Equal([$"base of {chain[2].Id}"], Reasons(decisions, chain[1]));
        Assert.Equal([$"base of {chain[1].Id}"], Reasons(decisions, chain[0]));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ApplyAndCollect_AfterPrune_RemainingRestoreAndOnlyFreedChunksAreGone(bool dedup)
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
        using var pool = await TestPool.CreateAsync(dedup, clock);
        var shared = Images.Random(3 * C, 100);
        var sources = new List<(ArchiveManifest Manifest, byte[] Image)>();
        // Two chains: full+incremental on day 1 (to be pruned), full+differential on day 3 (kept).
        foreach (var (day, type) in new[] { (1, ArchiveType.Full), (1, ArchiveType.Incremental), (3, ArchiveType.Full), (3, ArchiveType.Differential) })
        {
            clock.Now = new DateTimeOffset(2026, 5, day, 8 + sources.Count, 0, 0, TimeSpan.Zero);
            var image = new byte[5 * C];
            shared.CopyTo(image, 0);
            Images.Random(2 * C, sources.Count).CopyTo(image, 3 * C);
            sources.Add(((await pool.BackupAsync("vm", type, null, ("sda", image))).Manifest, image));
        }
        var policy = new PrunePolicy { KeepDaily = 1 };
        var planner = new PrunePlanner(pool.Repository);

        var plan = await planner.PlanAsync(policy, null);
        Assert.Equal(4, (await pool.Repository.Catalog.ListAsync()).Count);
        Assert.Equal(sources.Take(2).Select(s => s.Manifest.Id).Order(), plan.Where(d => !d.Keep).Select(d => d.Archive.Id).Order());
        var chunksBefore = pool.ChunkFiles().Length;

        Assert.Equal(2, await planner.ApplyAsync(plan));
        await new GarbageCollector(pool.Repository).CollectAsync(TimeSpan.Zero);

        Assert.Equal(sources.Skip(2).Select(s => s.Manifest.Id), (await pool.Repository.Catalog.ListAsync()).Select(m => m.Id));
        foreach (var (manifest, image) in sources.Skip(2))
        {
            Images.AssertDisks(new() { ["sda"] = image }, await pool.RestoreAsync(manifest.Id, null), $"kept {manifest.Type}");
        }
        Assert.True((await pool.VerifyAsync(null)).Clean);
        if (dedup)
        {
            // The removed archives' own chunks (2 each) are gone; the shared ones are not.
            Assert.Equal(chunksBefore - 4, pool.ChunkFiles().Length);
            var present = pool.ChunkFiles().Select(Path.GetFileName).ToHashSet();
            foreach (var (manifest, _) in sources.Take(2))
            {
                var own = manifest.Disks.SelectMany(d => d.Entries).Where(e => e.Position >= 3).Select(e => e.Digest.ToHex());
                Assert.All(own, hex => Assert.DoesNotContain(hex, present));
            }
        }
        else
        {
            Assert.Equal(2, Directory.GetFiles(Path.Combine(pool.Root, "packs")).Length);
        }
    }

    private static IReadOnlyList<string> Reasons(IReadOnlyList<PruneDecision> decisions, ArchiveManifest archive) =>
        decisions.Single(d => d.Archive.Id == archive.Id).Reasons;
}
