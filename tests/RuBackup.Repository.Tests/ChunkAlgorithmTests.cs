using System.Text;
using RuBackup.Repository.Crypto;
using RuBackup.Repository.Engine;
using RuBackup.Repository.Format;

namespace RuBackup.Repository.Tests;

/// <summary>
/// Archives sealed with the document's Table 1 algorithms: the header byte and the manifest name the
/// algorithm, restore finds it there, and chunk names are keyed per algorithm (issue 7, acceptance 3).
/// </summary>
public class ChunkAlgorithmTests
{
    private const int C = TestPool.ChunkSize;

    private static readonly ChunkAlgorithm Kuznyechik = ChunkAlgorithm.Parse("kuznyechik-256", "test");
    private static readonly ChunkAlgorithm Twofish = ChunkAlgorithm.Parse("twofish-128", "test");

    [Fact]
    public async Task Write_SameImageUnderTwoAlgorithmsThenTheFirstAgain_StoredTwiceNotThrice()
    {
        using var pool = await TestPool.CreateAsync(dedup: true);
        var key = Images.Key(7);
        var image = Images.SixChunks();

        var first = await pool.BackupWithAsync(Kuznyechik, "vm", ArchiveType.Full, key, ("sda", image));
        var afterKuznyechik = pool.ChunkFiles().Length;
        var second = await pool.BackupWithAsync(Twofish, "vm", ArchiveType.Full, key, ("sda", image));
        var afterTwofish = pool.ChunkFiles().Length;
        var putBefore = pool.Device.ChunksPut;
        var third = await pool.BackupWithAsync(Kuznyechik, "vm", ArchiveType.Full, key, ("sda", image));

        // Four distinct non-zero chunks: once per algorithm, and not again for the third backup.
        Assert.Equal(4, afterKuznyechik);
        Assert.Equal(8, afterTwofish);
        Assert.Equal(8, pool.ChunkFiles().Length);
        Assert.Equal(0, pool.Device.ChunksPut - putBefore);
        Assert.Equal(4, second.Manifest.Stats.ChunksNew);
        Assert.Equal(0, third.Manifest.Stats.ChunksNew);
        var firstNames = first.Manifest.Disks[0].Entries.Where(e => !e.Zero).Select(e => e.Digest).ToHashSet();
        Assert.Empty(firstNames.Intersect(second.Manifest.Disks[0].Entries.Select(e => e.Digest)));
        Assert.True(firstNames.SetEquals(third.Manifest.Disks[0].Entries.Where(e => !e.Zero).Select(e => e.Digest)));
        foreach (var archive in new[] { first, second, third })
        {
            Images.AssertDisks(new() { ["sda"] = image }, await pool.RestoreAsync(archive.Manifest.Id, key), archive.Manifest.Encryption);
        }
    }

    [Fact]
    public async Task Write_AesDefault_KeepsItsChunkNamesAndCode()
    {
        // Archives written before the other algorithms came must keep deduplicating against new ones.
        using var pool = await TestPool.CreateAsync(dedup: true);
        var key = Images.Key(7);
        var image = Images.SixChunks();

        var implicitAes = await pool.BackupAsync("vm", ArchiveType.Full, key, ("sda", image));
        var explicitAes = await pool.BackupWithAsync(ChunkAlgorithm.Aes256Gcm, "vm", ArchiveType.Full, key, ("sda", image));

        Assert.Equal("aes-256-gcm", implicitAes.Manifest.Encryption);
        Assert.Equal(0, explicitAes.Manifest.Stats.ChunksNew);
        var chunk = pool.ChunkFiles()[0];
        Assert.Equal((byte)ChunkEncryption.Aes256Gcm, File.ReadAllBytes(chunk)[6]);
        var expected = new ChunkHasher(key).Hash(image.AsSpan(0, C));
        Assert.Equal(expected, implicitAes.Manifest.Disks[0].Entries[0].Digest);
    }

    [Fact]
    public async Task Restore_KuznyechikChain_ByteEqualWithAlgorithmFromTheArchive()
    {
        using var pool = await TestPool.CreateAsync(dedup: false);
        var key = Images.Key(3);
        var sda = Images.Random((5 * C) + 123, 11);
        var sdb = new byte[3 * C];
        Images.Random(C, 12).CopyTo(sdb, C);
        var meta = Encoding.UTF8.GetBytes("{\"secret_marker\":\"vm\"}");
        var full = await new BackupWriter(pool.Repository).WriteAsync(new BackupRequest
        {
            Resource = "vm",
            Type = ArchiveType.Full,
            Key = key,
            Encryption = Kuznyechik,
            Metadata = meta,
            Disks = [new MemoryDiskSource("sda", sda), new MemoryDiskSource("sdb", sdb)],
        });
        var changed = (byte[])sda.Clone();
        Images.Random(C, 13).CopyTo(changed, 2 * C);

        var incremental = await pool.BackupWithAsync(Kuznyechik, "vm", ArchiveType.Incremental, key, ("sda", changed), ("sdb", sdb));

        Assert.Equal("kuznyechik-256", full.Manifest.Encryption);
        Assert.Equal(ArchiveType.Incremental, incremental.Manifest.Type);
        Assert.Equal(meta, (await pool.Repository.Catalog.ReadAsync(full.Manifest.Id, key)).Metadata);
        // The metadata (the VM description) is sealed with the archive's algorithm too.
        Assert.DoesNotContain("secret_marker", Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(pool.Root, "manifests", full.Manifest.Id + ".manifest"))), StringComparison.Ordinal);
        Images.AssertDisks(new() { ["sda"] = sda, ["sdb"] = sdb }, await pool.RestoreAsync(full.Manifest.Id, key), "full");
        Images.AssertDisks(new() { ["sda"] = changed, ["sdb"] = sdb }, await pool.RestoreAsync(incremental.Manifest.Id, key), "incremental");
        Assert.True((await pool.VerifyAsync(key)).Clean);
    }

    [Fact]
    public async Task Write_KuznyechikChunk_HeaderByteIsTheSuiteCode()
    {
        using var pool = await TestPool.CreateAsync(dedup: true);

        await pool.BackupWithAsync(Kuznyechik, "vm", ArchiveType.Full, Images.Key(3), ("sda", Images.Random(C, 1)));

        Assert.Equal(0x60, File.ReadAllBytes(Assert.Single(pool.ChunkFiles()))[6]);
    }

    [Theory]
    [InlineData("threefish-1024")]
    [InlineData("kalyna-512")]
    [InlineData("simon-128")]
    [InlineData("rijndael-256")]
    public async Task Restore_IncompressibleChunksUnderWideBlocks_ByteEqual(string name)
    {
        // Threefish-1024 adds 160 bytes to a chunk that zstd cannot shrink: the largest blob there is.
        using var pool = await TestPool.CreateAsync(dedup: true);
        var key = Images.Key(4);
        var image = Images.Random((3 * C) + 5, 21);

        var archive = await pool.BackupWithAsync(ChunkAlgorithm.Parse(name, "test"), "vm", ArchiveType.Full, key, ("sda", image));

        Assert.Equal(name, archive.Manifest.Encryption);
        Images.AssertDisks(new() { ["sda"] = image }, await pool.RestoreAsync(archive.Manifest.Id, key), name);
    }

    [Fact]
    public async Task Restore_KuznyechikArchiveWithWrongKey_RefusedNamingBothKeysAndNothingWritten()
    {
        using var pool = await TestPool.CreateAsync(dedup: true);
        var right = Images.Key(1);
        var wrong = Images.Key(2);
        var archive = (await pool.BackupWithAsync(Kuznyechik, "vm", ArchiveType.Full, right, ("sda", Images.Random(3 * C, 1)))).Manifest;
        var target = pool.NewFolder("restore");

        var error = await Assert.ThrowsAnyAsync<RepositoryException>(() => new RestoreReader(pool.Repository).RestoreToFolderAsync(archive.Id, target, wrong));

        Assert.Contains(right.KeyId, error.Message, StringComparison.Ordinal);
        Assert.Contains(wrong.KeyId, error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(target));
    }

    [Fact]
    public async Task Write_IncrementalUnderAnotherAlgorithm_TakesAFullWithAWarning()
    {
        using var pool = await TestPool.CreateAsync(dedup: true);
        var key = Images.Key(1);
        var image = Images.Random(2 * C, 5);
        await pool.BackupWithAsync(Kuznyechik, "vm", ArchiveType.Full, key, ("sda", image));

        var next = await pool.BackupWithAsync(Twofish, "vm", ArchiveType.Incremental, key, ("sda", image));

        Assert.Equal(ArchiveType.Full, next.Manifest.Type);
        Assert.Null(next.Manifest.Base);
        Assert.Contains(next.Warnings, w => w.Contains("kuznyechik-256", StringComparison.Ordinal) && w.Contains("twofish-128", StringComparison.Ordinal));
        Images.AssertDisks(new() { ["sda"] = image }, await pool.RestoreAsync(next.Manifest.Id, key), "twofish full");
    }

    [Fact]
    public async Task Verify_FlippedByteInKuznyechikChunk_ReportedBesideCleanTwofishArchive()
    {
        using var pool = await TestPool.CreateAsync(dedup: true);
        var key = Images.Key(1);
        var kuznyechik = await pool.BackupWithAsync(Kuznyechik, "vm-a", ArchiveType.Full, key, ("sda", Images.Random(C, 1)));
        var filesBefore = pool.ChunkFiles().ToHashSet();
        await pool.BackupWithAsync(Twofish, "vm-b", ArchiveType.Full, key, ("sda", Images.Random(C, 2)));
        Assert.True((await pool.VerifyAsync(key)).Clean);
        var victim = Assert.Single(filesBefore);
        var bytes = File.ReadAllBytes(victim);
        bytes[^1] ^= 1;
        File.WriteAllBytes(victim, bytes);

        var report = await pool.VerifyAsync(key);

        var damaged = Assert.Single(report.DamagedChunks);
        Assert.Equal(new[] { kuznyechik.Manifest.Id }, damaged.AffectedArchives);
    }

    [Fact]
    public async Task Write_EncryptionWithoutKey_RefusedNamingTheKey()
    {
        using var pool = await TestPool.CreateAsync(dedup: true);

        var error = await Assert.ThrowsAnyAsync<RepositoryException>(() => new BackupWriter(pool.Repository).WriteAsync(new BackupRequest
        {
            Resource = "vm",
            Type = ArchiveType.Full,
            Encryption = Kuznyechik,
            Disks = [new MemoryDiskSource("sda", Images.Random(C, 1))],
        }));

        Assert.Contains("master key", error.Message, StringComparison.Ordinal);
        Assert.Empty(await pool.Repository.Catalog.ListAsync());
    }

    [Theory]
    [InlineData("kuznyechik-256", "kuznyechik-256")]
    [InlineData("Kuznyechik", "kuznyechik-256")]
    [InlineData(" TWOFISH-128 ", "twofish-128")]
    [InlineData("Threefish", "threefish-256")]
    [InlineData("Simon", "simon-128")]
    [InlineData("sm4", "sm4-128")]
    [InlineData("AES-256-GCM", "aes-256-gcm")]
    public void Parse_KnownSpellings_GiveTheStoredName(string text, string expected) =>
        Assert.Equal(expected, ChunkAlgorithm.Parse(text, "--encryption").Name);

    [Theory]
    [InlineData("rot13")]
    [InlineData("kuznyechik-128")]
    [InlineData("")]
    public void Parse_UnknownName_OneLineListingTheValidNames(string text)
    {
        var error = Assert.Throws<RepositoryException>(() => ChunkAlgorithm.Parse(text, "--encryption"));

        Assert.StartsWith("--encryption: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("aes-256-gcm", error.Message, StringComparison.Ordinal);
        Assert.Contains("kuznyechik-256", error.Message, StringComparison.Ordinal);
        Assert.Contains("threefish-1024", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void All_CodesAndNames_UniqueAndNeverNone()
    {
        Assert.Equal(28, ChunkAlgorithm.All.Count);
        Assert.Equal(ChunkAlgorithm.All.Count, ChunkAlgorithm.All.Select(a => a.Code).Distinct().Count());
        Assert.Equal(ChunkAlgorithm.All.Count, ChunkAlgorithm.All.Select(a => a.Name).Distinct().Count());
        Assert.DoesNotContain(ChunkAlgorithm.All, a => a.Code == ChunkEncryption.None);
    }
}
