using RuBackup.Repository.Engine;
using RuBackup.Repository.Format;
using RuBackup.Repository.Storage;

namespace RuBackup.Repository.Tests;

/// <summary>
/// A shared chunk store is written by several backups at once and swept by gc while they run. The
/// danger is silent: a chunk a running backup counted on disappears, and the archive it commits
/// cannot be restored months later. These tests make the overlaps happen on purpose.
/// </summary>
public class ConcurrencyTests
{
    private const int C = TestPool.ChunkSize;

    [Fact]
    public async Task WriteAsync_TwoWritersOnOneDedupPool_BothArchivesRestoreAndChunksStoredOnce()
    {
        using var pool = await TestPool.CreateAsync(dedup: true);
        // A second device object on the same folder, as a second process would have.
        var otherRepository = await BackupRepository.OpenAsync(new LocalFolderDevice(pool.Root));
        var shared = Images.Random(6 * C, 1);
        for (var round = 0; round < 3; round++)
        {
            var a = Compose(shared, Images.Random(3 * C, 10 + round));
            var b = Compose(shared, Images.Random(3 * C, 20 + round));
            var type = round == 0 ? ArchiveType.Full : ArchiveType.Incremental;

            var results = await Task.WhenAll(
                new BackupWriter(pool.Repository).WriteAsync(Request("a", type, a)),
                new BackupWriter(otherRepository).WriteAsync(Request("b", type, b)));

            Images.AssertDisks(new() { ["sda"] = a }, await pool.RestoreAsync(results[0].Manifest.Id, null), $"a round {round}");
            Images.AssertDisks(new() { ["sda"] = b }, await pool.RestoreAsync(results[1].Manifest.Id, null), $"b round {round}");
        }
        Assert.True((await pool.VerifyAsync(null)).Clean);
        // 6 shared chunks once, plus 3 own chunks per writer per round.
        Assert.Equal(6 + (3 * 2 * 3), pool.ChunkFiles().Length);
    }

    [Fact]
    public async Task CollectAsync_DuringBackupThatReusesGarbageChunks_NewArchiveRestoresAndVerifiesClean()
    {
        BlockingDevice? blocking = null;
        using var pool = await TestPool.CreateAsync(dedup: true, wrap: d => blocking = new BlockingDevice(d));
        var reused = Images.Random(4 * C, 1);
        var garbage = Images.Random(2 * C, 2);
        // Chunks no archive lists any more, and old: exactly what gc deletes, unless a writer claims them.
        foreach (var (resource, content) in new[] { ("old", reused), ("gone", garbage) })
        {
            var archive = await pool.BackupAsync(resource, ArchiveType.Full, null, ("sda", content));
            await pool.Repository.Device.DeleteArchiveAsync(archive.Manifest.Id, default);
        }
        foreach (var file in pool.ChunkFiles())
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(-1));
        }
        var image = Compose(reused, Images.Random(2 * C, 3));

        blocking!.BlockNextCommit();
        var backup = new BackupWriter(pool.Repository).WriteAsync(Request("vm", ArchiveType.Full, image));
        await blocking.CommitReached.WaitAsync(TimeSpan.FromSeconds(30));
        GcReport report;
        try
        {
            report = await new GarbageCollector(pool.Repository).CollectAsync(TimeSpan.Zero);
        }
        finally
        {
            blocking.ReleaseCommit();
        }
        var result = await backup;

        // gc did sweep (the unclaimed garbage went), yet kept what the running backup reused.
        Assert.Equal(2, report.ChunksRemoved);
        Assert.Equal(4, result.Manifest.Stats.ChunksReused);
        Images.AssertDisks(new() { ["sda"] = image }, await pool.RestoreAsync(result.Manifest.Id, null), "archive written during gc");
        Assert.True((await pool.VerifyAsync(null)).Clean);
    }

    private static byte[] Compose(byte[] first, byte[] second)
    {
        var image = new byte[first.Length + second.Length];
        first.CopyTo(image, 0);
        second.CopyTo(image, first.Length);
        return image;
    }

    private static BackupRequest Request(string resource, ArchiveType type, byte[] image) => new()
    {
        Resource = resource,
        Type = type,
        Disks = [new MemoryDiskSource("sda", image)],
        Parallelism = 2,
    };

    /// <summary>Passes everything through, but can hold a writer just before its commit.</summary>
    private sealed class BlockingDevice(IPoolDevice inner) : ForwardingDevice(inner)
    {
        private readonly SemaphoreSlim _release = new(0);
        private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _block;

        public Task CommitReached => _reached.Task;

        public void BlockNextCommit()
        {
            _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _block = true;
        }

        public void ReleaseCommit() => _release.Release();

        protected override IWriteSession WrapSession(IWriteSession session)
        {
            if (!_block)
            {
                return session;
            }
            _block = false;
            return new Session(this, session);
        }

        private sealed class Session(BlockingDevice owner, IWriteSession inner) : ForwardingSession(inner)
        {
            public override async Task CommitAsync(ReadOnlyMemory<byte> manifest, CancellationToken cancellationToken)
            {
                owner._reached.TrySetResult();
                await owner._release.WaitAsync(cancellationToken);
                await base.CommitAsync(manifest, cancellationToken);
            }
        }
    }
}
