using CsCheck;
using RuBackup.Repository.Engine;
using RuBackup.Repository.Format;

namespace RuBackup.Repository.Tests;

/// <summary>
/// The engine's central promise, checked on random histories: whatever sequence of full, incremental
/// and differential archives was taken while disks changed, grew, shrank, appeared and disappeared,
/// each archive restores to exactly the bytes its sources had when it was taken. Half the steps pass
/// exact changed extents, so the changed-block-tracking path is held to the same promise.
/// </summary>
public class ChainRestorePropertyTests
{
    private const int C = TestPool.ChunkSize;

    // Block kinds: 0 zero (holes); 1-2 one of two shared patterns (duplicates inside an archive and
    // across disks); 3 half zero, half random (compressible); 4-6 unique random.
    private static readonly Gen<ImageSpec> GenImage =
        Gen.Select(Gen.Int[0, 6].Array[0, 8], Gen.Int[0, C - 1], Gen.Int[0, 1_000_000], (blocks, tail, seed) => new ImageSpec(blocks, tail, seed));

    private static readonly Gen<Change> GenChange =
        Gen.Select(Gen.Int[0, 9], Gen.Int[0, int.MaxValue], Gen.Int[1, 3 * C], Gen.Int[0, 1_000_000], GenImage, (kind, a, b, seed, image) => new Change(kind, a, b, seed, image));

    private static readonly Gen<Step> GenStep =
        Gen.Select(Gen.Int[0, 2], GenChange.Array[0, 4], Gen.Bool, (type, changes, extents) => new Step((ArchiveType)type, changes, extents));

    private static readonly Gen<Scenario> GenScenario =
        Gen.Select(GenImage.Array[1, 3], GenStep.Array[1, 5], Gen.Int[1, 4], (disks, steps, parallelism) => new Scenario(disks, steps, parallelism));

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task WriteAsync_RandomChainOfArchives_EveryArchiveRestoresItsSourceBytes(bool dedup, bool encrypted)
    {
        await GenScenario.SampleAsync(s => RunAsync(s, dedup, encrypted), iter: 25, threads: 1);
    }

    private static async Task RunAsync(Scenario scenario, bool dedup, bool encrypted)
    {
        using var pool = await TestPool.CreateAsync(dedup);
        var key = encrypted ? Images.Key(7) : null;
        var disks = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        for (var i = 0; i < scenario.Disks.Length; i++)
        {
            disks[$"disk{i}"] = scenario.Disks[i].Build();
        }
        var nextDisk = scenario.Disks.Length;
        var history = new List<(ArchiveManifest Manifest, Dictionary<string, byte[]> Expected)>();
        // What changed since the previous archive and since the last full, as changed-block tracking would say.
        var sinceLast = new Dictionary<string, List<ChangedExtent>>(StringComparer.Ordinal);
        var sinceFull = new Dictionary<string, List<ChangedExtent>>(StringComparer.Ordinal);
        void Mark(string disk, long offset, long length)
        {
            foreach (var map in new[] { sinceLast, sinceFull })
            {
                (map.TryGetValue(disk, out var list) ? list : map[disk] = []).Add(new ChangedExtent(offset, length));
            }
        }
        foreach (var step in scenario.Steps)
        {
            if (history.Count > 0)
            {
                foreach (var change in step.Changes)
                {
                    change.Apply(disks, ref nextDisk, Mark);
                }
            }
            var tracked = step.Type == ArchiveType.Differential ? sinceFull : sinceLast;
            var result = await new BackupWriter(pool.Repository).WriteAsync(new BackupRequest
            {
                Resource = "vm",
                Type = step.Type,
                Key = key,
                Disks = [.. disks.Select(d => new MemoryDiskSource(d.Key, d.Value))],
                Parallelism = scenario.Parallelism,
                ChangedExtents = step.UseExtents ? disks.Keys.ToDictionary(d => d, d => (IReadOnlyList<ChangedExtent>)(tracked.GetValueOrDefault(d) ?? []), StringComparer.Ordinal) : null,
            });
            var manifest = result.Manifest;
            sinceLast.Clear();
            if (manifest.Type == ArchiveType.Full)
            {
                sinceFull.Clear();
            }

            // The base rules: incremental on the newest archive, differential on the newest full.
            var expectedBase = step.Type switch
            {
                ArchiveType.Incremental => history.LastOrDefault().Manifest,
                ArchiveType.Differential => history.LastOrDefault(h => h.Manifest.Type == ArchiveType.Full).Manifest,
                _ => null,
            };
            Assert.Equal(expectedBase?.Id, manifest.Base);
            Assert.Equal(expectedBase is null ? ArchiveType.Full : step.Type, manifest.Type);
            if (step.Type != ArchiveType.Full && expectedBase is null)
            {
                Assert.NotEmpty(result.Warnings);
            }
            history.Add((manifest, disks.ToDictionary(d => d.Key, d => d.Value.ToArray(), StringComparer.Ordinal)));
        }

        // Restored only after the whole history: later archives must not disturb earlier ones.
        foreach (var (manifest, expected) in history)
        {
            Images.AssertDisks(expected, await pool.RestoreAsync(manifest.Id, key), $"archive {manifest.Id} ({manifest.Type}, #{history.FindIndex(h => h.Manifest == manifest)})");
        }
        var report = await pool.VerifyAsync(key);
        Assert.True(report.Clean, $"verify: {string.Join("; ", report.DamagedChunks.Select(d => d.Reason).Concat(report.DamagedManifests.Select(d => d.Reason)))}");
        Assert.Equal(history.Count, report.ArchivesChecked);
    }

    internal sealed record ImageSpec(int[] Blocks, int Tail, int Seed)
    {
        private static readonly byte[][] Patterns = [Images.Random(C, 1), Images.Random(C, 2)];

        public byte[] Build()
        {
            var bytes = new byte[(Blocks.Length * C) + Tail];
            for (var i = 0; i <= Blocks.Length; i++)
            {
                var block = bytes.AsSpan(i * C, Math.Min(C, bytes.Length - (i * C)));
                // The tail takes the kind of the block before it, so a short last chunk can be a duplicate prefix too.
                var kind = i < Blocks.Length ? Blocks[i] : (Blocks.Length > 0 ? Blocks[^1] : 4);
                Fill(block, kind, (Seed * 31) + i);
            }
            return bytes;
        }

        private static void Fill(Span<byte> block, int kind, int seed)
        {
            switch (kind)
            {
                case 0:
                    break;
                case 1 or 2:
                    Patterns[kind - 1].AsSpan(0, block.Length).CopyTo(block);
                    break;
                case 3:
                    new Random(seed).NextBytes(block[..(block.Length / 2)]);
                    break;
                default:
                    new Random(seed).NextBytes(block);
                    break;
            }
        }
    }

    /// <summary>One change between archives; its numbers are read relative to the disks at that moment, so it always applies.</summary>
    internal sealed record Change(int Kind, int A, int B, int Seed, ImageSpec Image)
    {
        public void Apply(SortedDictionary<string, byte[]> disks, ref int nextDisk, Action<string, long, long> mark)
        {
            var name = disks.Keys.ElementAt(A % disks.Count);
            var disk = disks[name];
            switch (Kind)
            {
                case <= 4:
                    // Random bytes at any offset: changes straddle chunk borders.
                    Overwrite(name, disk, span => new Random(Seed).NextBytes(span), mark);
                    break;
                case 5:
                    // Zeros over data: chunks that become zero must restore as zero, not as the base's data.
                    Overwrite(name, disk, span => span.Clear(), mark);
                    break;
                case 6 when disk.Length >= 2 * C:
                    // Copy one chunk-aligned block onto another: a moved block is a duplicate of existing data.
                    var chunks = disk.Length / C;
                    var from = A % chunks * C;
                    var to = Seed % chunks * C;
                    Array.Copy(disk, from, disk, to, C);
                    mark(name, to, C);
                    break;
                case 7:
                    // Grow (with data or zeros) or shrink, to sizes that are rarely chunk multiples.
                    var grow = Seed % 2 == 0;
                    var size = grow ? disk.Length + B : Math.Max(0, disk.Length - B);
                    var resized = new byte[size];
                    Array.Copy(disk, resized, Math.Min(size, disk.Length));
                    if (grow && Seed % 4 == 0)
                    {
                        new Random(Seed).NextBytes(resized.AsSpan(disk.Length));
                    }
                    disks[name] = resized;
                    if (grow)
                    {
                        // Grown space may lie inside the base's old extent (shrunk, then grown): tracking reports it.
                        mark(name, disk.Length, size - disk.Length);
                    }
                    break;
                case 8 when disks.Count < 4:
                    // Sometimes under a name removed earlier: its old chain must not leak into the new disk.
                    var added = $"disk{Seed % (nextDisk + 1)}";
                    added = disks.ContainsKey(added) ? $"disk{nextDisk++}" : added;
                    disks[added] = Image.Build();
                    // A disk that comes back may meet its old self in a differential's base: all of it changed.
                    mark(added, 0, disks[added].Length);
                    break;
                case 9 when disks.Count > 1:
                    disks.Remove(name);
                    break;
            }
        }

        private void Overwrite(string name, byte[] disk, SpanAction fill, Action<string, long, long> mark)
        {
            if (disk.Length == 0)
            {
                return;
            }
            var offset = (int)((long)Seed * 7919 % disk.Length);
            var length = Math.Min(B, disk.Length - offset);
            fill(disk.AsSpan(offset, length));
            mark(name, offset, length);
        }

        private delegate void SpanAction(Span<byte> span);
    }

    internal sealed record Step(ArchiveType Type, Change[] Changes, bool UseExtents);

    internal sealed record Scenario(ImageSpec[] Disks, Step[] Steps, int Parallelism);
}
