using System.Buffers.Binary;
using System.Text.Json;
using RuBackup.Repository.Engine;
using RuBackup.Repository.Format;
using RuBackup.Repository.Storage;

namespace RuBackup.Repository.Transfer;

/// <param name="Archives">Carried archives, oldest first.</param>
/// <param name="MissingBase">Set when the last archive's base was not carried (export without its chain).</param>
public sealed record ExportReport(string Path, IReadOnlyList<string> Archives, long Chunks, long Bytes, string? MissingBase);

/// <summary>
/// Writes archives into one self-contained file (<see cref="ExportFormat"/>) without the master key:
/// manifests byte for byte, chunk blobs as stored, each chunk once. Memory holds the manifests' indexes
/// and one batch of blobs, never the data: the file is written as it is read.
/// </summary>
public sealed class ArchiveExporter(BackupRepository source)
{
    /// <summary>Blobs read at once: about 4 MiB at the default chunk size, as the copier does.</summary>
    private const int BatchSize = 16;

    /// <summary>
    /// Exports <paramref name="archiveId"/> (with every base it needs, full first, when
    /// <paramref name="withChain"/>) into <paramref name="path"/>: written under a temporary name,
    /// fsynced and renamed, so the file is whole or absent. An existing file is not overwritten.
    /// </summary>
    public async Task<ExportReport> ExportAsync(string archiveId, bool withChain, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            throw new RepositoryException($"{full}: folder {folder} does not exist");
        }
        if (File.Exists(full) || Directory.Exists(full))
        {
            throw new RepositoryException($"{full}: already exists; not overwritten");
        }
        var members = await ReadMembersAsync(archiveId, withChain, cancellationToken).ConfigureAwait(false);

        var temporary = LocalFolderDevice.TemporaryName(full);
        try
        {
            ExportReport report;
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            using (var writer = new HashingWriter(stream))
            {
                report = await WriteAsync(writer, members, full, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: false);
            NativeFile.FsyncDirectory(folder);
            return report;
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private async Task<List<(ArchiveManifest Manifest, byte[] Bytes)>> ReadMembersAsync(string archiveId, bool withChain, CancellationToken cancellationToken)
    {
        LocalFolderDevice.ValidateName(archiveId, "archive id");
        var members = new List<(ArchiveManifest, byte[])>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? next = archiveId;
        while (next is not null && seen.Add(next))
        {
            byte[] bytes;
            try
            {
                bytes = await source.Device.GetManifestAsync(next, cancellationToken).ConfigureAwait(false);
            }
            catch (RepositoryException e) when (next != archiveId && e is not DamagedDataException)
            {
                throw new RepositoryException($"archive {archiveId} needs base {next}, which {source.Device.Description} cannot give: {e.Message}", e);
            }
            // Keyless, as a move between pools: an unencrypted manifest's checksum is checked, an
            // encrypted one's index is read as is and the key authenticates it on restore.
            var manifest = ManifestCodec.Deserialize(bytes, null, $"{source.Device.Description}: manifest {next}");
            members.Add((manifest, bytes));
            next = withChain ? manifest.Base : null;
        }
        if (next is not null)
        {
            throw new DamagedDataException($"archive {archiveId}: its chain loops at {next}");
        }
        members.Reverse();
        return members;
    }

    private async Task<ExportReport> WriteAsync(HashingWriter writer, List<(ArchiveManifest Manifest, byte[] Bytes)> members, string path, CancellationToken cancellationToken)
    {
        // Each chunk once, in the order the archives (full first) first reference it, read from the
        // container that holds it for the archive that first references it.
        var written = new HashSet<ChunkDigest>();
        var plan = new List<(ChunkDigest Digest, ChunkContainer Container)>();
        foreach (var (manifest, _) in members)
        {
            var container = source.ContainerOf(manifest);
            foreach (var entry in manifest.Disks.SelectMany(d => d.Entries))
            {
                if (!entry.Zero && written.Add(entry.Digest))
                {
                    plan.Add((entry.Digest, container));
                }
            }
        }

        var header = new ExportHeader
        {
            Created = source.Time.GetUtcNow(),
            SourceRepository = source.Config.Id,
            ChunkSize = source.Config.ChunkSize,
            ChunkStore = source.Config.StoreKind,
            Archives = [.. members.Select(m => ExportedArchive.Of(m.Manifest))],
            Chunks = plan.Count,
        };
        var headerBytes = JsonSerializer.SerializeToUtf8Bytes(header, RepositoryConfig.Json);
        writer.WriteUInt32(ExportFormat.Magic);
        writer.WriteUInt16(ExportFormat.Version);
        writer.WriteUInt16(0);
        writer.WriteUInt32((uint)headerBytes.Length);
        writer.Write(headerBytes);
        foreach (var (_, bytes) in members)
        {
            writer.WriteUInt32((uint)bytes.Length);
            writer.Write(bytes);
        }

        var frame = new byte[ExportFormat.FrameHeaderSize];
        foreach (var batch in plan.Chunk(BatchSize))
        {
            var blobs = await Task.WhenAll(batch.Select(c => ReadAsync(c.Container, c.Digest, cancellationToken))).ConfigureAwait(false);
            for (var i = 0; i < batch.Length; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)blobs[i].Length);
                batch[i].Digest.CopyTo(frame.AsSpan(4));
                writer.Write(frame);
                writer.Write(blobs[i]);
            }
        }

        writer.WriteUInt32(ExportFormat.EndMarker);
        writer.WriteUInt64((ulong)plan.Count);
        var checksum = writer.Checksum();
        writer.Write(checksum);
        writer.WriteUInt32(ExportFormat.EndMagic);

        var last = members[^1].Manifest;
        var missingBase = last.Base is not null && !members.Any(m => m.Manifest.Id == last.Base) ? last.Base : null;
        return new ExportReport(path, [.. members.Select(m => m.Manifest.Id)], plan.Count, writer.Length, missingBase);
    }

    /// <summary>Reads one blob and checks its keyless checksum, so rot in the source is reported here instead of exported.</summary>
    private async Task<byte[]> ReadAsync(ChunkContainer container, ChunkDigest digest, CancellationToken cancellationToken)
    {
        var blob = await source.Device.GetChunkAsync(container, digest, cancellationToken).ConfigureAwait(false);
        try
        {
            ChunkCodec.CheckIntegrity(blob);
        }
        catch (RepositoryException e)
        {
            throw new DamagedDataException($"chunk {digest} in {container} of {source.Device.Description}: {e.Message}", e);
        }
        return blob;
    }
}
