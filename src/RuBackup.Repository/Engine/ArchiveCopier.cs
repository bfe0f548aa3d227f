using RuBackup.Repository.Format;
using RuBackup.Repository.Storage;

namespace RuBackup.Repository.Engine;

/// <param name="AlreadyInTarget">The target held this very manifest before (a move repeated after a crash): nothing was written.</param>
/// <param name="ChunksSent">Chunks read from the source and put into the target.</param>
/// <param name="ChunksPresent">Chunks a dedup target already held, so only their names crossed.</param>
public sealed record CopyReport(string ArchiveId, bool AlreadyInTarget, long ChunksSent, long BytesSent, long ChunksPresent);

/// <summary>
/// Copies one archive between pools without the master key: chunks are opaque blobs named by their
/// digests (an encrypted chunk's name is keyed and its ciphertext is bound to the name, not to the
/// container), and the manifest is copied byte for byte, so its authentication still holds and the
/// client's key restores it from the target. The target places the chunks by its own kind (shared
/// store or the archive's pack, see <see cref="BackupRepository.ContainerOf"/>); a dedup target is
/// asked first which chunks it lacks and receives only those. The manifest is committed last, after
/// every chunk is durable, exactly as a backup does: a crash leaves no half archive in the target.
/// Copying a member of a chain does not copy its base: the caller copies the family, oldest first.
/// </summary>
public sealed class ArchiveCopier(BackupRepository source, BackupRepository target)
{
    /// <summary>Digests per FindMissing/put round trip: about 4 MiB of blobs at the default chunk size.</summary>
    private const int BatchSize = 16;

    public async Task<CopyReport> CopyAsync(string archiveId, CancellationToken cancellationToken = default)
    {
        var bytes = await source.Device.GetManifestAsync(archiveId, cancellationToken).ConfigureAwait(false);
        // Keyless: an unencrypted manifest's checksum is checked here; an encrypted one's index is read
        // unauthenticated, which is safe because the bytes are copied unchanged and the key checks them on restore.
        var manifest = ManifestCodec.Deserialize(bytes, null, $"{source.Device.Description}: manifest {archiveId}");
        CheckFits(manifest);
        if ((await target.Device.ListManifestsAsync(cancellationToken).ConfigureAwait(false)).Contains(archiveId))
        {
            var existing = await target.Device.GetManifestAsync(archiveId, cancellationToken).ConfigureAwait(false);
            if (!existing.AsSpan().SequenceEqual(bytes))
            {
                throw new RepositoryException($"{target.Device.Description}: holds another archive named '{archiveId}'; not overwritten");
            }
            return new CopyReport(archiveId, true, 0, 0, 0);
        }

        var from = source.ContainerOf(manifest);
        var into = target.ContainerOf(manifest);
        var digests = manifest.Disks.SelectMany(d => d.Entries).Where(e => !e.Zero).Select(e => e.Digest).Distinct().ToList();
        long sent = 0, sentBytes = 0, present = 0;
        await using var session = await target.Device.BeginWriteAsync(archiveId, cancellationToken).ConfigureAwait(false);
        foreach (var batch in digests.Chunk(BatchSize))
        {
            IReadOnlyList<ChunkDigest> missing = into.Kind == ChunkStoreKind.Shared
                ? await session.FindMissingAsync(into, batch, cancellationToken).ConfigureAwait(false)
                : batch;
            present += batch.Length - missing.Count;
            var uploads = await Task.WhenAll(missing.Select(d => ReadAsync(from, d, cancellationToken))).ConfigureAwait(false);
            if (uploads.Length > 0)
            {
                await session.PutChunksAsync(into, uploads, cancellationToken).ConfigureAwait(false);
            }
            sent += uploads.Length;
            sentBytes += uploads.Sum(u => (long)u.Blob.Length);
        }
        await session.CommitAsync(bytes, cancellationToken).ConfigureAwait(false);
        return new CopyReport(archiveId, false, sent, sentBytes, present);
    }

    /// <summary>
    /// Refuses what the target could hold but not use: another chunk size would break the next
    /// incremental based on the archive there (its base's positions would not line up).
    /// </summary>
    private void CheckFits(ArchiveManifest manifest)
    {
        if (manifest.ChunkSize != target.Config.ChunkSize)
        {
            throw new RepositoryException($"archive {manifest.Id} has {manifest.ChunkSize / 1024} KiB chunks, {target.Device.Description} uses {target.Config.ChunkSize / 1024} KiB: a move needs pools of the same chunk size");
        }
        if (target.Config.EncryptionRequired && !manifest.Encrypted)
        {
            throw new RepositoryException($"archive {manifest.Id} is not encrypted, {target.Device.Description} requires encryption");
        }
    }

    /// <summary>Reads one blob and checks its keyless checksum, so rot in the source is reported here instead of copied.</summary>
    private async Task<ChunkUpload> ReadAsync(ChunkContainer container, ChunkDigest digest, CancellationToken cancellationToken)
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
        return new ChunkUpload(digest, blob);
    }
}
