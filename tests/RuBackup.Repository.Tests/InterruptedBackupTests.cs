using RuBackup.Repository.Engine;
using RuBackup.Repository.Format;
using RuBackup.Repository.Storage;

namespace RuBackup.Repository.Tests;

/// <summary>
/// A backup that dies half way (device error, crash before the manifest) must leave the pool as if it
/// never started: nothing listed, nothing damaged, its leftovers collectable, and the next backup of
/// the same resource unaffected.
/// </summary>
public class InterruptedBackupTests
{
    private const int C = TestPool.ChunkSize;

    [Theory]
    [InlineData(true, DeviceOperation.PutChunk, 3)]
    [InlineData(true, DeviceOperation.Commit, 1)]
    [InlineData(false, DeviceOperation.PutChunk, 3)]
    [InlineData(false, DeviceOperation.Commit, 1)]
    public async Task WriteAsync_DeviceFailsMidBackup_NothingListedPoolCleanNextBackupRestores(bool dedup, DeviceOperation operation, int nth)
    {
        using var pool = await TestPool.CreateAsync(dedup);
        var image = Images.Random(8 * C, 1);
        var full = (await pool.BackupAsync("vm", ArchiveType.Full, null, ("sda", image))).Manifest;
        var changed = (byte[])image.Clone();
        Images.Random(5 * C, 2).CopyTo(changed, 2 * C);

        pool.Device.FailOn(operation, nth);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => pool.BackupAsync("vm", ArchiveType.Incremental, null, ("sda", changed)));
        Assert.Contains("injected fault", error.Message, StringComparison.Ordinal);

        Assert.Equal([full.Id], (await pool.Repository.Catalog.ListAsync()).Select(m => m.Id));
        Assert.True((await pool.VerifyAsync(null)).Clean);
        Assert.Null(await pool.Repository.Device.OldestActiveWriterAsync(default));

        var gc = await new GarbageCollector(pool.Repository).CollectAsync(TimeSpan.Zero);
        if (dedup)
        {
            // Whatever the failed backup stored is unreferenced: gc takes it all, keeps the full's 8.
            Assert.True(gc.ChunksRemoved > 0, "the failed backup had stored chunks before failing");
            Assert.Equal(8, pool.ChunkFiles().Length);
        }
        var leftovers = Directory.GetFiles(pool.Root, "*", SearchOption.AllDirectories)
            .Where(f => f.Contains(".tmp.", StringComparison.Ordinal) || (f.EndsWith(".pack", StringComparison.Ordinal) && !f.Contains(full.Id, StringComparison.Ordinal)));
        Assert.Empty(leftovers);

        var next = (await pool.BackupAsync("vm", ArchiveType.Incremental, null, ("sda", changed))).Manifest;
        Assert.Equal(full.Id, next.Base);
        Images.AssertDisks(new() { ["sda"] = changed }, await pool.RestoreAsync(next.Id, null), "backup after the failed one");
        Images.AssertDisks(new() { ["sda"] = image }, await pool.RestoreAsync(full.Id, null), "full before the failed one");
        Assert.True((await pool.VerifyAsync(null)).Clean);
    }

    [Fact]
    public async Task WriteAsync_DeviceCallCancelledOnItsOwn_ErrorSaysSoAndNothingListed()
    {
        // A remote device's HTTP timeout surfaces as TaskCanceledException though nobody cancelled the
        // backup; the operator must see that, not an internal error from the worker bookkeeping.
        using var pool = await TestPool.CreateAsync(dedup: true, wrap: d => new TimingOutDevice(d));

        // More workers than chunks that reach the device, so some only see the resulting cancellation.
        var error = await Assert.ThrowsAnyAsync<Exception>(() => new BackupWriter(pool.Repository).WriteAsync(new BackupRequest
        {
            Resource = "vm",
            Type = ArchiveType.Full,
            Disks = [new MemoryDiskSource("sda", Images.Random(6 * C, 1))],
            Parallelism = 8,
        }));

        Assert.True(error is RepositoryException or OperationCanceledException, $"{error.GetType().Name}: {error.Message}");
        Assert.Contains(TimingOutDevice.Message, error.ToString(), StringComparison.Ordinal);
        Assert.Empty(await pool.Repository.Catalog.ListAsync());
    }

    private sealed class TimingOutDevice(IPoolDevice inner) : ForwardingDevice(inner)
    {
        public const string Message = "The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.";

        protected override IWriteSession WrapSession(IWriteSession session) => new Session(session);

        private sealed class Session(IWriteSession inner) : ForwardingSession(inner)
        {
            public override Task PutChunkAsync(ChunkContainer container, ChunkDigest digest, ReadOnlyMemory<byte> blob, CancellationToken cancellationToken) =>
                Task.FromException(new TaskCanceledException(Message));
        }
    }
}
