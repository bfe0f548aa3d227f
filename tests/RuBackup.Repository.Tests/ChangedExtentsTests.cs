using RuBackup.Repository.Engine;
using RuBackup.Repository.Format;

namespace RuBackup.Repository.Tests;

/// <summary>
/// Changed-block tracking: the writer trusts the extents it is given and reads nothing else, which is
/// the whole point (a 1 TiB disk with 10 MiB changed reads 10 MiB). What it does not read it takes
/// from the base, so the restore shows whether the trust was applied to the right positions.
/// </summary>
public class ChangedExtentsTests
{
    private const int C = TestPool.ChunkSize;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WriteAsync_IncrementalWithChangedExtents_ReadsOnlyThoseChunksAndRestoresExactly(bool dedup)
    {
        using var pool = await TestPool.CreateAsync(dedup);
        var v1 = Images.Random(20 * C, 1);
        await pool.BackupAsync("vm", ArchiveType.Full, null, ("sda", v1));

        var v2 = (byte[])v1.Clone();
        // Two extents: one inside chunk 3, one straddling chunks 10 and 11.
        Images.Random(100, 2).CopyTo(v2, (3 * C) + 50);
        Images.Random(2000, 3).CopyTo(v2, (11 * C) - 1000);
        var result = await new BackupWriter(pool.Repository).WriteAsync(new BackupRequest
        {
            Resource = "vm",
            Type = ArchiveType.Incremental,
            Disks = [new MemoryDiskSource("sda", v2)],
            ChangedExtents = new Dictionary<string, IReadOnlyList<ChangedExtent>>
            {
                ["sda"] = [new((3 * C) + 50, 100), new((11 * C) - 1000, 2000)],
            },
        });

        Assert.Equal(ArchiveType.Incremental, result.Manifest.Type);
        Assert.Equal(3L * C, result.Manifest.Stats.BytesRead);
        Assert.Equal(3, result.Manifest.Stats.ChunksRead);
        Images.AssertDisks(new() { ["sda"] = v2 }, await pool.RestoreAsync(result.Manifest.Id, null), "incremental");
    }

    [Fact]
    public async Task WriteAsync_ChangedExtentsIgnoreAChange_UnreadChunkComesFromTheBase()
    {
        // Proves BytesRead is not a coincidence: a change outside the extents is not seen.
        using var pool = await TestPool.CreateAsync(dedup: true);
        var v1 = Images.Random(8 * C, 4);
        await pool.BackupAsync("vm", ArchiveType.Full, null, ("sda", v1));
        var v2 = (byte[])v1.Clone();
        v2[5 * C] ^= 0xFF;

        var result = await new BackupWriter(pool.Repository).WriteAsync(new BackupRequest
        {
            Resource = "vm",
            Type = ArchiveType.Incremental,
            Disks = [new MemoryDiskSource("sda", v2)],
            ChangedExtents = new Dictionary<string, IReadOnlyList<ChangedExtent>> { ["sda"] = [new(0, 10)] },
        });

        Assert.Equal((long)C, result.Manifest.Stats.BytesRead);
        Images.AssertDisks(new() { ["sda"] = v1 }, await pool.RestoreAsync(result.Manifest.Id, null), "incremental");
    }

    [Theory]
    [InlineData(20 * C, 23 * C + 500)] // grows by whole chunks and a bit
    [InlineData(20 * C - 700, 20 * C + 300)] // grows inside what was the short last chunk
    [InlineData(20 * C - 700, 25 * C)] // short last chunk becomes full, then more chunks
    public async Task WriteAsync_DiskGrewPastBaseEnd_GrowthIsReadWithoutBeingListed(int oldSize, int newSize)
    {
        using var pool = await TestPool.CreateAsync(dedup: false);
        var v1 = Images.Random(oldSize, 5);
        await pool.BackupAsync("vm", ArchiveType.Full, null, ("sda", v1));
        var v2 = new byte[newSize];
        v1.CopyTo(v2, 0);
        new Random(6).NextBytes(v2.AsSpan(oldSize));
        // The base's last chunk is also touched at the start, the extents list only that.
        v2[0] ^= 1;

        var result = await new BackupWriter(pool.Repository).WriteAsync(new BackupRequest
        {
            Resource = "vm",
            Type = ArchiveType.Incremental,
            Disks = [new MemoryDiskSource("sda", v2)],
            ChangedExtents = new Dictionary<string, IReadOnlyList<ChangedExtent>> { ["sda"] = [new(0, 1)] },
        });

        var oldLastChunk = (oldSize - 1) / C;
        var expectedRead = C + (newSize - (oldLastChunk * (long)C));
        Assert.Equal(expectedRead, result.Manifest.Stats.BytesRead);
        Images.AssertDisks(new() { ["sda"] = v2 }, await pool.RestoreAsync(result.Manifest.Id, null), "grown incremental");
    }

    [Fact]
    public async Task WriteAsync_DiskShrankWithEmptyExtents_RestoresTheShorterDisk()
    {
        using var pool = await TestPool.CreateAsync(dedup: true);
        var v1 = Images.Random(10 * C, 7);
        await pool.BackupAsync("vm", ArchiveType.Full, null, ("sda", v1));
        var v2 = v1.AsSpan(0, (6 * C) + 123).ToArray();

        var result = await new BackupWriter(pool.Repository).WriteAsync(new BackupRequest
        {
            Resource = "vm",
            Type = ArchiveType.Incremental,
            Disks = [new MemoryDiskSource("sda", v2)],
            ChangedExtents = new Dictionary<string, IReadOnlyList<ChangedExtent>> { ["sda"] = [] },
        });

        // Only the new short last chunk needs reading: its length changed.
        Assert.Equal(123L, result.Manifest.Stats.BytesRead);
        Images.AssertDisks(new() { ["sda"] = v2 }, await pool.RestoreAsync(result.Manifest.Id, null), "shrunk incremental");
    }
}
