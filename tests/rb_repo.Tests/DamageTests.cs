using System.Buffers.Binary;
using RuBackup.RepoTool.Tests.Support;

namespace RuBackup.RepoTool.Tests;

/// <summary>
/// One flipped byte in a stored chunk must be found by verify, named with every archive that needs
/// the chunk, and must stop a restore before anything lands under the final name.
/// </summary>
public sealed class DamageTests
{
    private const int ChunkSize = 64 * 1024;
    private const int BlobHeaderSize = 24;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task VerifyAndRestore_FlippedByteInStoredChunk_NameChunkAndAffectedArchivesAndRestoreNothing(bool dedup)
    {
        using var temp = new TempFolder();
        var pool = await TestPool.CreateAsync(temp["repo"], dedup, encrypted: false);
        // Distinct random chunks; the incremental rewrites only the last one, so chunk 0 of the full
        // is still what the incremental restores at position 0: both archives depend on it.
        var image = TestImages.Unique(seed: 7, size: 4 * TestImages.MiB);
        var path = temp["disk.img"];
        await File.WriteAllBytesAsync(path, image);
        var full = await pool.BackupAsync(path, "full");
        var changed = (byte[])image.Clone();
        new Random(9).NextBytes(changed.AsSpan(image.Length - ChunkSize));
        await File.WriteAllBytesAsync(path, changed);
        var incremental = await pool.BackupAsync(path, "incremental");

        var digest = Blake3Hex(image.AsSpan(0, ChunkSize));
        FlipByte(dedup ? ChunkFile(pool.Repo, digest) : PackFile(pool.Repo, full), dedup ? BlobHeaderSize + 1000 : PackBlobOffset(pool.Repo, full, digest) + BlobHeaderSize + 1000);

        var verify = await pool.VerifyAsync();
        Assert.True(verify.ExitCode == 1, $"verify should report damage with exit 1:\n{verify}");
        var line = verify.Stdout.Split('\n').SingleOrDefault(l => l.Contains(digest, StringComparison.Ordinal));
        Assert.True(line is not null, $"verify should name chunk {digest} on one line:\n{verify}");
        Assert.Contains(full, line, StringComparison.Ordinal);
        Assert.Contains(incremental, line, StringComparison.Ordinal);

        foreach (var archive in new[] { full, incremental })
        {
            var target = temp["restore-" + archive];
            var restore = await pool.RestoreAsync(archive, target);
            CliAssert.OneLineError(restore, archive, digest);
            CliAssert.NoRestoredImage(target);
        }
    }

    private static string Blake3Hex(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[32];
        Blake3.Hasher.Hash(data, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>A dedup pool keeps each chunk in chunks/SOURCE-TYPE/HHH/DIGEST.</summary>
    private static string ChunkFile(string repo, string digest)
    {
        var file = Path.Combine(repo, "chunks", "raw", digest[..3], digest);
        Assert.True(File.Exists(file), $"expected chunk file {file}");
        return file;
    }

    private static string PackFile(string repo, string archive) => Path.Combine(repo, "packs", archive + ".pack");

    /// <summary>
    /// Finds a blob in a plain pool's pack through the pack's index (trailer: u64 index offset, u32
    /// count; entries: 32-byte digest, u64 offset, u32 length), so the flip lands inside that blob.
    /// </summary>
    private static long PackBlobOffset(string repo, string archive, string digest)
    {
        var pack = File.ReadAllBytes(PackFile(repo, archive));
        var trailer = pack.AsSpan(pack.Length - 28);
        var indexOffset = BinaryPrimitives.ReadInt64LittleEndian(trailer);
        var count = BinaryPrimitives.ReadInt32LittleEndian(trailer[8..]);
        for (var i = 0; i < count; i++)
        {
            var entry = pack.AsSpan((int)indexOffset + (i * 44), 44);
            if (Convert.ToHexStringLower(entry[..32]) == digest)
            {
                return BinaryPrimitives.ReadInt64LittleEndian(entry[32..]);
            }
        }
        throw new InvalidOperationException($"chunk {digest} is not in the pack of {archive}");
    }

    private static void FlipByte(string file, long offset)
    {
        using var handle = File.OpenHandle(file, FileMode.Open, FileAccess.ReadWrite);
        var one = new byte[1];
        Assert.Equal(1, RandomAccess.Read(handle, one, offset));
        one[0] ^= 0xFF;
        RandomAccess.Write(handle, one, offset);
    }
}
