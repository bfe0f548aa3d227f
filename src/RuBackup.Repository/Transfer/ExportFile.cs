using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using RuBackup.Repository.Format;
using RuBackup.Repository.Storage;

namespace RuBackup.Repository.Transfer;

/// <summary>
/// An exported archive file opened for import, checked whole before anything is trusted: first the
/// BLAKE3 checksum over every byte (a damaged or truncated file is refused here, whatever was hit),
/// then the structure (header, manifests, one frame per chunk, the end record) and completeness
/// (every chunk a manifest references is carried). Keeps the manifests and where each blob sits;
/// blobs are read on demand, so memory follows the indexes, never the data.
/// </summary>
public sealed class ExportFile : IDisposable
{
    private const int HashBlock = 1 << 20;
    private readonly SafeFileHandle _handle;
    private readonly Dictionary<ChunkDigest, (long Offset, int Length)> _chunks;
    private readonly Dictionary<string, byte[]> _manifests;

    private ExportFile(string path, SafeFileHandle handle, ExportHeader header, List<(ArchiveManifest Manifest, byte[] Bytes)> manifests, Dictionary<ChunkDigest, (long, int)> chunks)
    {
        Path = path;
        _handle = handle;
        Header = header;
        Archives = [.. manifests.Select(m => m.Manifest)];
        _manifests = manifests.ToDictionary(m => m.Manifest.Id, m => m.Bytes, StringComparer.Ordinal);
        _chunks = chunks;
    }

    public string Path { get; }

    public ExportHeader Header { get; }

    /// <summary>The carried archives' manifests, parsed without a key, in file order (oldest first).</summary>
    public IReadOnlyList<ArchiveManifest> Archives { get; }

    /// <summary>Opens and checks the file; throws <see cref="DamagedDataException"/> naming the file and what is wrong.</summary>
    public static ExportFile Open(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new RepositoryException($"{full}: no such file");
        }
        var handle = File.OpenHandle(full, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            CheckChecksum(full, handle, cancellationToken);
            var reader = new Parser(full, handle);
            var header = reader.ReadHeader();
            var manifests = reader.ReadManifests(header);
            var chunks = reader.ReadChunks(header);
            CheckComplete(full, manifests, chunks);
            return new ExportFile(full, handle, header, manifests, chunks);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public byte[] Manifest(string archiveId) =>
        _manifests.TryGetValue(archiveId, out var bytes) ? bytes : throw new RepositoryException($"{Path}: carries no archive '{archiveId}'");

    /// <summary>Reads one blob; the caller checks its integrity (the file may have changed since it was checked).</summary>
    public async Task<byte[]> ReadChunkAsync(ChunkDigest digest, CancellationToken cancellationToken)
    {
        if (!_chunks.TryGetValue(digest, out var place))
        {
            throw new ChunkMissingException($"{Path}: carries no chunk {digest}");
        }
        var blob = new byte[place.Length];
        var read = 0;
        while (read < blob.Length)
        {
            var n = await RandomAccess.ReadAsync(_handle, blob.AsMemory(read), place.Offset + read, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new DamagedDataException($"{Path}: ends at byte {place.Offset + read}, inside chunk {digest}: the file changed since it was checked");
            }
            read += n;
        }
        return blob;
    }

    public void Dispose() => _handle.Dispose();

    private static void CheckChecksum(string path, SafeFileHandle handle, CancellationToken cancellationToken)
    {
        var length = RandomAccess.GetLength(handle);
        var prefix = new byte[4];
        if (length >= 4)
        {
            ReadExactly(path, handle, prefix, 0);
        }
        if (length < 4 || BinaryPrimitives.ReadUInt32LittleEndian(prefix) != ExportFormat.Magic)
        {
            throw new DamagedDataException($"{path}: not an exported archive file (it does not start with 'RBEX')");
        }
        var end = new byte[ExportFormat.ChecksumSize + 4];
        if (length < ExportFormat.PrefixSize + ExportFormat.EndRecordSize)
        {
            throw new DamagedDataException($"{path}: only {length} bytes, too short for an exported archive file: truncated");
        }
        ReadExactly(path, handle, end, length - end.Length);
        if (BinaryPrimitives.ReadUInt32LittleEndian(end.AsSpan(ExportFormat.ChecksumSize)) != ExportFormat.EndMagic)
        {
            throw new DamagedDataException($"{path}: does not end with its end record: the file is truncated (or its end is damaged)");
        }

        var covered = length - end.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(HashBlock);
        var hasher = Blake3.Hasher.New();
        try
        {
            for (long offset = 0; offset < covered;)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = (int)Math.Min(HashBlock, covered - offset);
                ReadExactly(path, handle, buffer.AsSpan(0, count), offset);
                hasher.Update(buffer.AsSpan(0, count));
                offset += count;
            }
            var actual = new byte[ExportFormat.ChecksumSize];
            hasher.Finalize(actual);
            if (!actual.AsSpan().SequenceEqual(end.AsSpan(0, ExportFormat.ChecksumSize)))
            {
                throw new DamagedDataException($"{path}: checksum mismatch: the file is damaged");
            }
        }
        finally
        {
            hasher.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void CheckComplete(string path, List<(ArchiveManifest Manifest, byte[] Bytes)> manifests, Dictionary<ChunkDigest, (long, int)> chunks)
    {
        foreach (var (manifest, _) in manifests)
        {
            foreach (var entry in manifest.Disks.SelectMany(d => d.Entries))
            {
                if (!entry.Zero && !chunks.ContainsKey(entry.Digest))
                {
                    throw new DamagedDataException($"{path}: archive {manifest.Id} references chunk {entry.Digest}, which the file does not carry");
                }
            }
        }
    }

    private static void ReadExactly(string path, SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        while (buffer.Length > 0)
        {
            var read = RandomAccess.Read(handle, buffer, offset);
            if (read == 0)
            {
                throw new DamagedDataException($"{path}: ends at byte {offset}, inside a record: truncated");
            }
            buffer = buffer[read..];
            offset += read;
        }
    }

    /// <summary>Walks the checked file's records in order, refusing anything the format does not allow.</summary>
    private sealed class Parser
    {
        private readonly string _path;
        private readonly SafeFileHandle _handle;
        private readonly long _end;
        private long _position;

        public Parser(string path, SafeFileHandle handle)
        {
            _path = path;
            _handle = handle;
            _end = RandomAccess.GetLength(handle) - ExportFormat.EndRecordSize;
        }

        public ExportHeader ReadHeader()
        {
            var prefix = Take(ExportFormat.PrefixSize, "file header");
            var version = BinaryPrimitives.ReadUInt16LittleEndian(prefix.AsSpan(4));
            if (version != ExportFormat.Version)
            {
                throw new RepositoryException($"{_path}: export format version {version} is not supported (this program reads version {ExportFormat.Version})");
            }
            if (BinaryPrimitives.ReadUInt16LittleEndian(prefix.AsSpan(6)) != 0)
            {
                throw new RepositoryException($"{_path}: export flags {BinaryPrimitives.ReadUInt16LittleEndian(prefix.AsSpan(6))} are unknown to this program");
            }
            var json = Take(BinaryPrimitives.ReadUInt32LittleEndian(prefix.AsSpan(8)), "header");
            ExportHeader header;
            try
            {
                header = JsonSerializer.Deserialize<ExportHeader>(json, RepositoryConfig.Json) ?? throw Malformed("empty header");
            }
            catch (JsonException e)
            {
                throw Malformed($"header is not valid JSON: {e.Message}");
            }
            if (header.Format != ExportFormat.Version)
            {
                throw new RepositoryException($"{_path}: export format version {header.Format} is not supported (this program reads version {ExportFormat.Version})");
            }
            RepositoryConfig.ValidateChunkSize(header.ChunkSize);
            if (header.Archives is null or { Count: 0 } || header.Chunks < 0)
            {
                throw Malformed("header lists no archive");
            }
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var archive in header.Archives)
            {
                LocalFolderDevice.ValidateName(archive.Id, $"{_path}: archive id");
                if (!ids.Add(archive.Id))
                {
                    throw Malformed($"archive {archive.Id} is listed twice");
                }
            }
            return header;
        }

        public List<(ArchiveManifest Manifest, byte[] Bytes)> ReadManifests(ExportHeader header)
        {
            var manifests = new List<(ArchiveManifest, byte[])>(header.Archives.Count);
            foreach (var archive in header.Archives)
            {
                var length = BinaryPrimitives.ReadUInt32LittleEndian(Take(4, $"manifest {archive.Id}"));
                var bytes = Take(length, $"manifest {archive.Id}");
                var manifest = ManifestCodec.Deserialize(bytes, null, $"{_path}: manifest {archive.Id}");
                if (manifest.Id != archive.Id || manifest.ChunkSize != header.ChunkSize)
                {
                    throw Malformed($"manifest {manifest.Id} ({manifest.ChunkSize}-byte chunks) does not match the header's archive {archive.Id} ({header.ChunkSize}-byte chunks)");
                }
                manifests.Add((manifest, bytes));
            }
            return manifests;
        }

        public Dictionary<ChunkDigest, (long, int)> ReadChunks(ExportHeader header)
        {
            var largest = ChunkCodec.MaxBlobSize(header.ChunkSize);
            var chunks = new Dictionary<ChunkDigest, (long, int)>();
            while (_position < _end)
            {
                var frame = Take(ExportFormat.FrameHeaderSize, "chunk record");
                var length = BinaryPrimitives.ReadUInt32LittleEndian(frame);
                var digest = new ChunkDigest(frame.AsSpan(4));
                if (length < ChunkCodec.HeaderSize || length > largest || length > _end - _position)
                {
                    throw Malformed($"chunk {digest} at byte {_position - ExportFormat.FrameHeaderSize} claims {length} bytes");
                }
                if (!chunks.TryAdd(digest, (_position, (int)length)))
                {
                    throw Malformed($"chunk {digest} is carried twice");
                }
                _position += length;
            }
            var end = new byte[12];
            ReadExactly(_path, _handle, end, _end);
            if (BinaryPrimitives.ReadUInt32LittleEndian(end) != ExportFormat.EndMarker)
            {
                throw Malformed("chunk records do not end where the end record begins");
            }
            var count = BinaryPrimitives.ReadInt64LittleEndian(end.AsSpan(4));
            if (count != chunks.Count || count != header.Chunks)
            {
                throw Malformed($"{chunks.Count} chunk records, the header says {header.Chunks} and the end record {count}");
            }
            return chunks;
        }

        private byte[] Take(long count, string what)
        {
            if (count > ExportFormat.MaxRecordSize || count > _end - _position)
            {
                throw Malformed($"{what} at byte {_position} claims {count} bytes, past the end of the file");
            }
            var bytes = new byte[count];
            ReadExactly(_path, _handle, bytes, _position);
            _position += count;
            return bytes;
        }

        private DamagedDataException Malformed(string what) => new($"{_path}: not a well-formed export: {what}");
    }
}
