using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;
using RuBackup.Repository.Format;

namespace RuBackup.Repository.Storage;

/// <summary>
/// A plain pool's per-archive pack: the blobs of the chunks the archive introduced, then an index and
/// a trailer. Layout (little-endian, docs/format.md):
/// <code>
/// blob*                                  (each a ChunkCodec blob)
/// index: count × (32-byte digest | u64 offset | u32 length)
/// trailer (28 bytes): u64 index offset | u32 count | u64 XXH3-64 of the index | "RBPK" | u32 version (1)
/// </code>
/// Written append-only under a temporary name, fsynced, then renamed: a pack is whole or absent.
/// </summary>
internal sealed class PackWriter : IDisposable
{
    private const int EntrySize = ChunkDigest.Size + 12;
    private readonly SafeFileHandle _handle;
    private readonly ConcurrentQueue<(ChunkDigest Digest, long Offset, int Length)> _entries = new();
    private long _end;

    public PackWriter(string temporaryPath)
    {
        TemporaryPath = temporaryPath;
        _handle = File.OpenHandle(temporaryPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
    }

    public string TemporaryPath { get; }

    /// <summary>Thread-safe: each blob reserves its own range, so workers write in parallel.</summary>
    public void Append(ChunkDigest digest, ReadOnlySpan<byte> blob)
    {
        var offset = Interlocked.Add(ref _end, blob.Length) - blob.Length;
        RandomAccess.Write(_handle, blob, offset);
        NativeFile.StartWriteback(_handle, offset, blob.Length);
        _entries.Enqueue((digest, offset, blob.Length));
    }

    /// <summary>Writes index and trailer, then fsyncs. The caller renames the file into place.</summary>
    public void Finish()
    {
        var entries = _entries.ToArray();
        var index = new byte[entries.Length * EntrySize];
        for (var i = 0; i < entries.Length; i++)
        {
            var slot = index.AsSpan(i * EntrySize, EntrySize);
            entries[i].Digest.CopyTo(slot);
            BinaryPrimitives.WriteInt64LittleEndian(slot[ChunkDigest.Size..], entries[i].Offset);
            BinaryPrimitives.WriteInt32LittleEndian(slot[(ChunkDigest.Size + 8)..], entries[i].Length);
        }
        var trailer = new byte[PackReader.TrailerSize];
        BinaryPrimitives.WriteInt64LittleEndian(trailer, _end);
        BinaryPrimitives.WriteInt32LittleEndian(trailer.AsSpan(8), entries.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(trailer.AsSpan(12), XxHash3.HashToUInt64(index));
        BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(20), PackReader.Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(24), PackReader.Version);
        RandomAccess.Write(_handle, index, _end);
        RandomAccess.Write(_handle, trailer, _end + index.Length);
        RandomAccess.FlushToDisk(_handle);
    }

    public void Dispose() => _handle.Dispose();
}

/// <summary>Reads a finished pack: its index once, then blobs by digest.</summary>
internal sealed class PackReader : IDisposable
{
    public const int TrailerSize = 28;
    public const uint Magic = 0x4B504252; // "RBPK" little-endian
    public const uint Version = 1;
    private const int EntrySize = ChunkDigest.Size + 12;
    private readonly SafeFileHandle _handle;
    private readonly Dictionary<ChunkDigest, (long Offset, int Length)> _index;

    public PackReader(string path)
    {
        Path = path;
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            _index = ReadIndex();
        }
        catch
        {
            _handle.Dispose();
            throw;
        }
    }

    public string Path { get; }

    public IEnumerable<KeyValuePair<ChunkDigest, (long Offset, int Length)>> Entries => _index;

    public bool Contains(ChunkDigest digest) => _index.ContainsKey(digest);

    public byte[] Read(ChunkDigest digest)
    {
        if (!_index.TryGetValue(digest, out var location))
        {
            throw new ChunkMissingException($"{Path}: chunk {digest} is not in this pack");
        }
        var blob = new byte[location.Length];
        var read = RandomAccess.Read(_handle, blob, location.Offset);
        if (read != blob.Length)
        {
            throw new DamagedDataException($"{Path}: chunk {digest} is cut short ({read} of {blob.Length} bytes)");
        }
        return blob;
    }

    private Dictionary<ChunkDigest, (long, int)> ReadIndex()
    {
        var length = RandomAccess.GetLength(_handle);
        if (length < TrailerSize)
        {
            throw new DamagedDataException($"{Path}: pack is truncated ({length} bytes)");
        }
        var trailer = new byte[TrailerSize];
        RandomAccess.Read(_handle, trailer, length - TrailerSize);
        if (BinaryPrimitives.ReadUInt32LittleEndian(trailer.AsSpan(20)) != Magic)
        {
            throw new DamagedDataException($"{Path}: pack trailer is damaged or the pack is truncated");
        }
        var version = BinaryPrimitives.ReadUInt32LittleEndian(trailer.AsSpan(24));
        if (version != Version)
        {
            throw new RepositoryException($"{Path}: pack format version {version} is not supported (this program reads version {Version})");
        }
        var indexOffset = BinaryPrimitives.ReadInt64LittleEndian(trailer);
        var count = BinaryPrimitives.ReadInt32LittleEndian(trailer.AsSpan(8));
        if (count < 0 || indexOffset < 0 || indexOffset + ((long)count * EntrySize) + TrailerSize != length)
        {
            throw new DamagedDataException($"{Path}: pack index does not fit the file");
        }
        var index = new byte[count * EntrySize];
        RandomAccess.Read(_handle, index, indexOffset);
        if (XxHash3.HashToUInt64(index) != BinaryPrimitives.ReadUInt64LittleEndian(trailer.AsSpan(12)))
        {
            throw new DamagedDataException($"{Path}: pack index checksum mismatch");
        }
        var map = new Dictionary<ChunkDigest, (long, int)>(count);
        for (var i = 0; i < count; i++)
        {
            var slot = index.AsSpan(i * EntrySize, EntrySize);
            var offset = BinaryPrimitives.ReadInt64LittleEndian(slot[ChunkDigest.Size..]);
            var size = BinaryPrimitives.ReadInt32LittleEndian(slot[(ChunkDigest.Size + 8)..]);
            if (offset < 0 || size < 0 || offset + size > indexOffset)
            {
                throw new DamagedDataException($"{Path}: pack index entry {i} points outside the data");
            }
            map[new ChunkDigest(slot[..ChunkDigest.Size])] = (offset, size);
        }
        return map;
    }

    public void Dispose() => _handle.Dispose();
}
