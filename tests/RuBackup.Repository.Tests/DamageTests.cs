using RuBackup.Repository.Crypto;
using RuBackup.Repository.Engine;
using RuBackup.Repository.Format;
using RuBackup.Repository.Storage;

namespace RuBackup.Repository.Tests;

/// <summary>
/// One flipped byte on disk must be found by verify (with every archive it hurts named) and must make
/// a restore refuse, leaving nothing in the target that could be mistaken for a good disk.
/// </summary>
public class DamageTests
{
    private const int C = TestPool.ChunkSize;

    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public async Task VerifyAndRestore_ByteFlippedInStoredChunk_DamageNamedWithDependentsAndRestoreRefused(bool dedup, bool encrypted)
    {
        using var pool = await TestPool.CreateAsync(dedup);
        var key = encrypted ? Images.Key(3) : null;
        var (full, incremental, victim) = await FullAndIncrementalAsync(pool, key);
        var other = (await pool.BackupAsync("other", ArchiveType.Full, key, ("sda", Images.Random(2 * C, 99)))).Manifest;

        FlipByteOfStoredChunk(pool, full, victim);

        var report = await pool.VerifyAsync(key);
        Assert.False(report.Clean);
        var damaged = Assert.Single(report.DamagedChunks);
        Assert.Equal(victim, damaged.Digest);
        Assert.Equal(new[] { full.Id, incremental.Id }.Order(StringComparer.Ordinal), damaged.AffectedArchives.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(other.Id, damaged.AffectedArchives);

        await AssertRestoreRefusedAsync(pool, full.Id, key);
        await AssertRestoreRefusedAsync(pool, incremental.Id, key);
        // The unrelated archive is unaffected.
        Images.AssertDisks(new() { ["sda"] = Images.Random(2 * C, 99) }, await pool.RestoreAsync(other.Id, key), "other");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Restore_DeviceCorruptsReadOfOneChunk_RefusedAndNothingLeftBehind(bool dedup)
    {
        using var pool = await TestPool.CreateAsync(dedup);
        var (_, incremental, victim) = await FullAndIncrementalAsync(pool, null);
        pool.Device.CorruptReads.Add(victim);

        await AssertRestoreRefusedAsync(pool, incremental.Id, null);
        var report = await pool.VerifyAsync(null, incremental.Id);
        Assert.Equal(victim, Assert.Single(report.DamagedChunks).Digest);

        // Nothing changed on disk: without the fault the same archive restores.
        pool.Device.CorruptReads.Clear();
        Assert.True((await pool.VerifyAsync(null)).Clean);
        await pool.RestoreAsync(incremental.Id, null);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Verify_BaseManifestFileLost_ReportedForWholePoolAndForTheArchive(bool dedup)
    {
        // A manifest file can vanish (a bad sector, a careless rm): its incremental cannot be restored,
        // so "clean" would be a lie whether the whole pool or the one archive is verified.
        using var pool = await TestPool.CreateAsync(dedup);
        var (full, incremental, _) = await FullAndIncrementalAsync(pool, null);
        File.Delete(Path.Combine(pool.Root, "manifests", full.Id + ".manifest"));

        foreach (var scope in new[] { null, incremental.Id })
        {
            var report = await pool.VerifyAsync(null, scope);
            Assert.False(report.Clean, $"verify {scope ?? "(whole pool)"} says clean");
            var missing = Assert.Single(report.DamagedManifests);
            Assert.Equal(full.Id, missing.ArchiveId);
            Assert.Equal([incremental.Id], missing.AffectedArchives);
        }
        await AssertRestoreRefusedAsync(pool, incremental.Id, null, damaged: false);
    }

    /// <summary>
    /// A full of two disks, then an incremental that changes one chunk of sda only. Returns a digest
    /// the incremental still takes from the full: chunk 1 of sdb.
    /// </summary>
    private static async Task<(ArchiveManifest Full, ArchiveManifest Incremental, ChunkDigest Victim)> FullAndIncrementalAsync(TestPool pool, MasterKey? key)
    {
        var sda = Images.Random(6 * C, 1);
        var sdb = Images.Random((4 * C) + 77, 2);
        var full = (await pool.BackupAsync("vm", ArchiveType.Full, key, ("sda", sda), ("sdb", sdb))).Manifest;
        sda[2 * C] ^= 0x55;
        var incremental = (await pool.BackupAsync("vm", ArchiveType.Incremental, key, ("sda", sda), ("sdb", sdb))).Manifest;
        Assert.Equal(full.Id, incremental.Base);
        var victim = full.Disks.Single(d => d.Name == "sdb").Entries.Single(e => e.Position == 1).Digest;
        Assert.DoesNotContain(incremental.Disks.SelectMany(d => d.Entries), e => e.Digest == victim);
        return (full, incremental, victim);
    }

    private static void FlipByteOfStoredChunk(TestPool pool, ArchiveManifest owner, ChunkDigest digest)
    {
        if (pool.Repository.Config.Dedup)
        {
            var hex = digest.ToHex();
            var path = Path.Combine(pool.Root, "chunks", owner.SourceType, hex[..3], hex);
            var bytes = File.ReadAllBytes(path);
            bytes[bytes.Length / 2] ^= 0x01;
            File.WriteAllBytes(path, bytes);
            return;
        }
        // Plain pool: find the blob through the pack's own index, then flip a byte in its middle.
        var pack = Path.Combine(pool.Root, "packs", owner.Id + ".pack");
        long offset;
        int length;
        using (var reader = new PackReader(pack))
        {
            (offset, length) = reader.Entries.Single(e => e.Key == digest).Value;
        }
        using var stream = new FileStream(pack, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset + (length / 2);
        var b = stream.ReadByte();
        stream.Position = offset + (length / 2);
        stream.WriteByte((byte)(b ^ 0x01));
    }

    private static async Task AssertRestoreRefusedAsync(TestPool pool, string archiveId, MasterKey? key, bool damaged = true)
    {
        var target = pool.NewFolder("restore");
        var error = await Assert.ThrowsAnyAsync<RepositoryException>(() => new RestoreReader(pool.Repository).RestoreToFolderAsync(archiveId, target, key));
        if (damaged)
        {
            Assert.IsType<DamagedDataException>(error, exactMatch: false);
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(target));
    }
}
