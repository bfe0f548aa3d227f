using System.Diagnostics;
using System.Text.Json;
using RuBackup.RepoTool.Tests.Support;
using Xunit.Abstractions;

namespace RuBackup.RepoTool.Tests;

/// <summary>Runs alone: the kill delays are scaled to a measured backup, which parallel tests would distort.</summary>
[CollectionDefinition(nameof(CrashCollection), DisableParallelization = true)]
public sealed class CrashCollection;

/// <summary>
/// The acceptance item for crash safety: a real rb_repo backup process is killed (SIGKILL, no
/// cleanup code runs) at random points, many times, in every kind of pool. Whatever the moment, the
/// pool must only ever list whole archives, verify clean, let gc remove the leftovers, and take the
/// next backup as if nothing happened.
/// </summary>
[Collection(nameof(CrashCollection))]
public sealed class BackupCrashTests(ITestOutputHelper output)
{
    private const int RequiredKills = 30;
    private const int MaxAttempts = 64;
    private const int ImageSize = 12 * TestImages.MiB;
    private const int SigKillExitCode = 128 + 9;

    [Fact]
    public async Task Backup_KilledAtRandomPoints_PoolListsOnlyWholeArchivesAndRecovers()
    {
        using var temp = new TempFolder();
        var random = new Random(20261126);
        // One throwaway run first, so the first pool's measured backup is not a cold start.
        await RbRepo.RunAsync("--help");
        // Every combination of pool kind and encryption, so each writer path (shared store, pack) is hit.
        var pools = new List<PoolUnderTest>();
        foreach (var (dedup, encrypted) in new[] { (true, false), (false, false), (true, true), (false, true) })
        {
            var name = $"{(dedup ? "dedup" : "plain")}-{(encrypted ? "enc" : "clear")}";
            pools.Add(await PoolUnderTest.CreateAsync(temp[name], dedup, encrypted, seed: pools.Count + 1));
        }

        var kills = 0;
        var attempt = 0;
        var clock = Stopwatch.StartNew();
        while (kills < RequiredKills)
        {
            Assert.True(attempt < MaxAttempts, $"only {kills} of {attempt} backups could be killed before they finished");
            var pool = pools[attempt % pools.Count];
            // Per pool the kills alternate incremental and full.
            var type = attempt / pools.Count % 2 == 0 ? "incremental" : "full";
            var delay = TimeSpan.FromMilliseconds(random.Next((int)pool.BackupDuration[type].TotalMilliseconds + 1));
            var before = pool.Listed;

            var result = await pool.BackupAndKillAsync(type, delay);
            if (result.ExitCode == SigKillExitCode)
            {
                kills++;
            }
            else
            {
                // The backup beat the kill: then it must simply have succeeded.
                Assert.True(result.ExitCode == 0, $"attempt {attempt}: backup failed on its own:\n{result}");
            }

            // Right after the kill every manifest the pool lists reads (list fails on a torn one),
            // and nothing that was listed before disappeared.
            var after = pool.Listed = await pool.Pool.ListIdsAsync();
            Assert.Empty(before.Except(after));
            Assert.True(after.Count - before.Count <= 1, $"attempt {attempt}: one backup added {after.Count - before.Count} archives");
            attempt++;
        }

        output.WriteLine($"{kills} kills in {attempt} attempts, {clock.Elapsed.TotalSeconds:0.0}s");
        foreach (var pool in pools)
        {
            output.WriteLine($"{pool.Name}: one full {pool.BackupDuration["full"].TotalMilliseconds:0} ms, one incremental {pool.BackupDuration["incremental"].TotalMilliseconds:0} ms");
            await pool.AssertWholeAndRecoversAsync(temp[pool.Name + "-restore"]);
        }
        output.WriteLine($"all checks done at {clock.Elapsed.TotalSeconds:0.0}s");
    }

    /// <summary>One pool, its changing image, and the SHA-256 of every version ever handed to a backup.</summary>
    private sealed class PoolUnderTest
    {
        private readonly Dictionary<int, string> _versions = [];
        private readonly string _image;
        private readonly string _meta;
        private readonly int _seed;
        private byte[] _content;

        private PoolUnderTest(string name, TestPool pool, string folder, int seed)
        {
            Name = name;
            Pool = pool;
            _seed = seed;
            _image = Path.Combine(folder, "disk.img");
            _meta = Path.Combine(folder, "meta.json");
            _content = TestImages.Create(seed, ImageSize);
        }

        public string Name { get; }

        public TestPool Pool { get; }

        /// <summary>What list --json showed after the last attempt.</summary>
        public List<string> Listed { get; set; } = [];

        /// <summary>Wall time of one whole backup process per type, startup included: the range kill delays are drawn from.</summary>
        public Dictionary<string, TimeSpan> BackupDuration { get; } = [];

        public static async Task<PoolUnderTest> CreateAsync(string folder, bool dedup, bool encrypted, int seed)
        {
            var pool = await TestPool.CreateAsync(folder, dedup, encrypted);
            var state = new PoolUnderTest(Path.GetFileName(folder), pool, folder, seed);
            foreach (var type in new[] { "full", "incremental" })
            {
                state.NextVersion();
                var clock = Stopwatch.StartNew();
                await pool.BackupAsync(state._image, type, meta: state._meta);
                state.BackupDuration[type] = clock.Elapsed;
            }
            state.Listed = await pool.ListIdsAsync();
            return state;
        }

        public async Task<CliResult> BackupAndKillAsync(string type, TimeSpan delay)
        {
            NextVersion();
            using var process = RbRepo.Start(Pool.BackupArgs(_image, type, meta: _meta));
            // Streams are drained while we wait, so the child never blocks on a full pipe.
            var collect = RbRepo.CollectAsync(process);
            await Task.Delay(delay);
            process.Kill(entireProcessTree: true);
            return await collect;
        }

        public async Task AssertWholeAndRecoversAsync(string restoreRoot)
        {
            var verify = await Pool.VerifyAsync();
            Assert.True(verify.ExitCode == 0, $"{Name}: verify after the kills:\n{verify}");

            // Every listed archive is whole: it restores to exactly the image version it was taken of.
            var ids = await Pool.ListIdsAsync();
            foreach (var id in ids)
            {
                await AssertRestoresExactlyAsync(id, Path.Combine(restoreRoot, id));
            }

            var gc = await RbRepo.RunAsync("gc", "--repo", Pool.Repo, "--grace-seconds", "0");
            Assert.True(gc.ExitCode == 0, $"{Name}: gc:\n{gc}");
            var temporaries = Directory.EnumerateFiles(Pool.Repo, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f).Contains(".tmp.", StringComparison.Ordinal)).ToList();
            Assert.True(temporaries.Count == 0, $"{Name}: gc left temporary files: {string.Join(", ", temporaries)}");
            var orphanPacks = Directory.EnumerateFiles(Path.Combine(Pool.Repo, "packs"))
                .Where(p => !File.Exists(Path.Combine(Pool.Repo, "manifests", Path.GetFileNameWithoutExtension(p) + ".manifest"))).ToList();
            Assert.True(orphanPacks.Count == 0, $"{Name}: gc left packs without a manifest: {string.Join(", ", orphanPacks)}");
            Assert.Equal(ids, await Pool.ListIdsAsync());
            verify = await Pool.VerifyAsync();
            Assert.True(verify.ExitCode == 0, $"{Name}: verify after gc:\n{verify}");

            // The pool takes the next backup, on top of whatever the kills left, and gives it back exactly.
            NextVersion();
            var next = await Pool.BackupAsync(_image, "incremental", meta: _meta);
            await AssertRestoresExactlyAsync(next, Path.Combine(restoreRoot, next));
        }

        private async Task AssertRestoresExactlyAsync(string id, string target)
        {
            var restore = await Pool.RestoreAsync(id, target);
            Assert.True(restore.ExitCode == 0, $"{Name}: restore {id}:\n{restore}");
            using (var meta = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(target, "metadata.json"))))
            {
                var version = meta.RootElement.GetProperty("version").GetInt32();
                Assert.True(TestImages.Sha256(Path.Combine(target, "sda.raw")) == _versions[version], $"{Name}: archive {id} does not restore to image version {version}");
            }
            Directory.Delete(target, recursive: true);
        }

        /// <summary>Changes the image like a day of guest writes and records the new version.</summary>
        private void NextVersion()
        {
            var version = _versions.Count;
            if (version > 0)
            {
                _content = TestImages.Mutate(_content, (_seed * 1000) + version, blocks: 12);
            }
            _versions[version] = TestImages.Sha256(_content);
            File.WriteAllBytes(_image, _content);
            File.WriteAllText(_meta, $"{{\"version\": {version}}}");
        }
    }
}
