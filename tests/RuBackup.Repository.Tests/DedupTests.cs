using RuBackup.Repository.Format;
using RuBackup.Repository.Storage;

namespace RuBackup.Repository.Tests;

/// <summary>
/// What crosses the device interface decides bandwidth to a remote pool: a dedup pool must not send
/// a chunk it already holds, whoever wrote it; a plain pool must, because each archive stands alone.
/// </summary>
public class DedupTests
{
    private const int C = TestPool.ChunkSize;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Write_SameImageUnderSecondResource_DedupPoolSendsNoChunks(bool encrypted)
    {
        using var pool = await TestPool.CreateAsync(dedup: true);
        var key = encrypted ? Images.Key(5) : null;
        var image = Images.SixChunks();
        var first = await pool.BackupAsync("vm-a", ArchiveType.Full, key, ("sda", image));
        var filesAfterFirst = pool.ChunkFiles().Length;
        var putBefore = pool.Device.ChunksPut;

        var second = await pool.BackupAsync("vm-b", ArchiveType.Full, key, ("sda", image));

        Assert.Equal(0, pool.Device.ChunksPut - putBefore);
        Assert.Equal(filesAfterFirst, pool.ChunkFiles().Length);
        Assert.Equal(0, second.Manifest.Stats.ChunksNew);
        Assert.True(second.Manifest.Stats.ChunksReused > 0);
        // Distinct non-zero chunks: 3 random blocks and 1 repeated one.
        Assert.Equal(4, filesAfterFirst);
        Assert.Equal(4, first.Manifest.Stats.ChunksNew);
        Images.AssertDisks(new() { ["sda"] = image }, await pool.RestoreAsync(second.Manifest.Id, key), "second resource");
    }

    [Fact]
    public async Task Write_SameImageUnderSecondResource_PlainPoolStoresItAgain()
    {
        using var pool = await TestPool.CreateAsync(dedup: false);
        var image = Images.SixChunks();
        var first = await pool.BackupAsync("vm-a", ArchiveType.Full, null, ("sda", image));
        var putBefore = pool.Device.ChunksPut;

        var second = await pool.BackupAsync("vm-b", ArchiveType.Full, null, ("sda", image));

        // In-archive duplicates are still stored once per archive.
        Assert.Equal(4, pool.Device.ChunksPut - putBefore);
        Assert.Equal(4, putBefore);
        Assert.Empty(pool.ChunkFiles());
        Assert.Equal(2, Directory.GetFiles(Path.Combine(pool.Root, "packs"), "*.pack").Length);

        // Self-contained: with the first archive gone the second still restores.
        await pool.Repository.Device.DeleteArchiveAsync(first.Manifest.Id, default);
        Images.AssertDisks(new() { ["sda"] = image }, await pool.RestoreAsync(second.Manifest.Id, null), "second resource");
    }

    [Fact]
    public async Task Write_EncryptedAndPlainOfSameImage_DoNotShareChunks()
    {
        // Keyed digests: an encrypted archive must not point at a plaintext blob (or the reverse).
        using var pool = await TestPool.CreateAsync(dedup: true);
        var image = Images.SixChunks();
        await pool.BackupAsync("vm-a", ArchiveType.Full, null, ("sda", image));
        var putBefore = pool.Device.ChunksPut;

        var encrypted = await pool.BackupAsync("vm-b", ArchiveType.Full, Images.Key(5), ("sda", image));

        Assert.Equal(4, pool.Device.ChunksPut - putBefore);
        Assert.Equal(8, pool.ChunkFiles().Length);
        Images.AssertDisks(new() { ["sda"] = image }, await pool.RestoreAsync(encrypted.Manifest.Id, Images.Key(5)), "encrypted");
    }
}
