using RuBackup.Repository.Engine;
using RuBackup.Repository.Format;
using RuBackup.Repository.Storage;
using RuBackup.TestSupport;

namespace RuBackup.Repository.Tests;

/// <summary>
/// A copy between pools never sees the key, keeps the manifest's bytes, and places the chunks by the
/// target's kind; the copy restores the same bytes, even with the source gone.
/// </summary>
public class ArchiveCopierTests
{
    private const int C = TestPool.ChunkSize;

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    public async Task Copy_BetweenPoolKinds_RestoresSameBytesWithSourceGone(bool sourceDedup, bool targetDedup)
    {
        using var source = await TestPool.CreateAsync(sourceDedup);
        using var target = await TestPool.CreateAsync(targetDedup);
        var image = Image(1);
        var archive = (await source.BackupAsync("vm-a", ArchiveType.Full, null, ("sda", image))).Manifest.Id;

        var manifest = await source.Local.GetManifestAsync(archive, default);

        var report = await new ArchiveCopier(source.Repository, target.Repository).CopyAsync(archive);
        await source.Repository.Device.DeleteArchiveAsync(archive, default);

        Assert.False(report.AlreadyInTarget);
        Assert.Equal(4, report.ChunksSent); // distinct non-zero chunks of Image
        Assert.Equal(4, target.Device.ChunksPut);
        Assert.True((await target.VerifyAsync(null)).Clean);
        Assert.Equal(targetDedup ? 4 : 0, target.ChunkFiles().Length);
        Assert.Equal(manifest, await target.Local.GetManifestAsync(archive, default));
        Images.AssertDisks(new() { ["sda"] = image }, await target.RestoreAsync(archive, null), "copied archive");
    }

    [Fact]
    public async Task Copy_DedupToDedupWithSharedChunks_SendsOnlyMissing()
    {
        using var source = await TestPool.CreateAsync(dedup: true);
        using var target = await TestPool.CreateAsync(dedup: true);
        var image = Image(1);
        var archive = (await source.BackupAsync("vm-a", ArchiveType.Full, null, ("sda", image))).Manifest.Id;
        // The target already holds every chunk but the last random one (seed 7 there, 3 here).
        var similar = (byte[])image.Clone();
        Images.Random(C, 7).CopyTo(similar, 5 * C);
        await target.BackupAsync("vm-b", ArchiveType.Full, null, ("sda", similar));
        var putBefore = target.Device.ChunksPut;

        var report = await new ArchiveCopier(source.Repository, target.Repository).CopyAsync(archive);

        Assert.Equal(1, report.ChunksSent);
        Assert.Equal(3, report.ChunksPresent);
        Assert.Equal(1, target.Device.ChunksPut - putBefore);
        Assert.Equal(5, target.ChunkFiles().Length);
        Images.AssertDisks(new() { ["sda"] = image }, await target.RestoreAsync(archive, null), "copied archive");
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task Copy_EncryptedArchive_RestoresWithItsKey(bool sourceDedup, bool targetDedup)
    {
        using var source = await TestPool.CreateAsync(sourceDedup);
        using var target = await TestPool.CreateAsync(targetDedup);
        var key = Images.Key(9);
        var image = Image(2);
        var archive = (await source.BackupAsync("vm-a", ArchiveType.Full, key, ("sda", image))).Manifest.Id;

        await new ArchiveCopier(source.Repository, target.Repository).CopyAsync(archive);
        await source.Repository.Device.DeleteArchiveAsync(archive, default);

        var verified = await target.VerifyAsync(key, archive);
        Assert.True(verified.Clean, string.Join("; ", verified.DamagedChunks.Select(d => d.Reason)));
        Images.AssertDisks(new() { ["sda"] = image }, await target.RestoreAsync(archive, key), "copied encrypted archive");
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task Copy_IncrementalWithItsBaseOldestFirst_RestoresBothFromTarget(bool sourceDedup, bool targetDedup)
    {
        var clock = new ManualClock(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var source = await TestPool.CreateAsync(sourceDedup, clock);
        using var target = await TestPool.CreateAsync(targetDedup, clock);
        var full = Image(1);
        var changed = (byte[])full.Clone();
        Images.Random(C, 99).CopyTo(changed, 3 * C);
        var baseId = (await source.BackupAsync("vm-a", ArchiveType.Full, null, ("sda", full))).Manifest.Id;
        clock.Advance(TimeSpan.FromHours(1));
        var incremental = (await source.BackupAsync("vm-a", ArchiveType.Incremental, null, ("sda", changed))).Manifest;
        Assert.Equal(baseId, incremental.Base);

        var copier = new ArchiveCopier(source.Repository, target.Repository);
        await copier.CopyAsync(baseId);
        var second = await copier.CopyAsync(incremental.Id);
        await source.Repository.Device.DeleteArchiveAsync(incremental.Id, default);
        await source.Repository.Device.DeleteArchiveAsync(baseId, default);

        Assert.Equal(1, second.ChunksSent + second.ChunksPresent); // an incremental carries only its changed chunk
        Assert.True((await target.VerifyAsync(null)).Clean);
        Images.AssertDisks(new() { ["sda"] = changed }, await target.RestoreAsync(incremental.Id, null), "incremental");
        Images.AssertDisks(new() { ["sda"] = full }, await target.RestoreAsync(baseId, null), "its base");
    }

    [Fact]
    public async Task Copy_Repeated_ReportsAlreadyInTargetAndWritesNothing()
    {
        using var source = await TestPool.CreateAsync(dedup: true);
        using var target = await TestPool.CreateAsync(dedup: false);
        var archive = (await source.BackupAsync("vm-a", ArchiveType.Full, null, ("sda", Image(1)))).Manifest.Id;
        var copier = new ArchiveCopier(source.Repository, target.Repository);
        await copier.CopyAsync(archive);
        var putBefore = target.Device.ChunksPut;

        var again = await copier.CopyAsync(archive);

        Assert.True(again.AlreadyInTarget);
        Assert.Equal(putBefore, target.Device.ChunksPut);
    }

    [Fact]
    public async Task Copy_PoolsWithOtherChunkSize_IsRefusedNamingBoth()
    {
        using var source = await TestPool.CreateAsync(dedup: true);
        using var folder = new TempFolder();
        var other = await BackupRepository.InitAsync(new LocalFolderDevice(folder.Sub("pool")), dedup: true, C * 2, encryptionRequired: false);
        var archive = (await source.BackupAsync("vm-a", ArchiveType.Full, null, ("sda", Image(1)))).Manifest.Id;

        var error = await Assert.ThrowsAsync<RepositoryException>(() => new ArchiveCopier(source.Repository, other).CopyAsync(archive));

        Assert.Contains("16 KiB chunks", error.Message, StringComparison.Ordinal);
        Assert.Contains("32 KiB", error.Message, StringComparison.Ordinal);
        Assert.Empty(await other.Device.ListManifestsAsync(default));
    }

    /// <summary>Six chunks: random, repeated, zero, random, repeated, random (four distinct non-zero), plus a short zero tail.</summary>
    private static byte[] Image(int seed)
    {
        var image = new byte[(6 * C) + 100];
        var repeated = Images.Random(C, 42 + seed);
        Images.Random(C, seed * 10).CopyTo(image, 0);
        repeated.CopyTo(image, C);
        Images.Random(C, (seed * 10) + 1).CopyTo(image, 3 * C);
        repeated.CopyTo(image, 4 * C);
        Images.Random(C, 3).CopyTo(image, 5 * C);
        return image;
    }
}
