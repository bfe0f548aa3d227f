using System.Buffers;
using Microsoft.Win32.SafeHandles;
using RuBackup.Repository.Crypto;
using RuBackup.Repository.Format;

namespace RuBackup.Repository.Engine;

/// <summary>Where a restored disk goes: an image file (sparse) or a block device (zeros written).</summary>
public interface IDiskTarget : IDisposable
{
    /// <summary>True when unwritten ranges read as zeros (a fresh sparse file), so holes are skipped.</summary>
    bool HolesReadAsZero { get; }

    void Write(long offset, ReadOnlySpan<byte> data);

    /// <summary>Called once after every chunk was written and verified.</summary>
    void Complete();

    /// <summary>Called instead of Complete when the restore failed: remove what was written.</summary>
    void Abandon();
}

/// <summary>
/// Restores into DIR/NAME.raw: written as NAME.raw.partial, sized first so holes stay sparse, and
/// renamed only when every chunk verified; on failure the partial file is deleted, so a wrong byte
/// never lands under the final name.
/// </summary>
public sealed class SparseFileTarget : IDiskTarget
{
    private readonly SafeFileHandle _handle;
    private readonly string _partial;

    public SparseFileTarget(string path, long size)
    {
        FinalPath = path;
        if (File.Exists(path))
        {
            throw new RepositoryException($"{path}: already exists; restore into an empty folder");
        }
        _partial = path + ".partial";
        _handle = File.OpenHandle(_partial, FileMode.Create, FileAccess.ReadWrite, FileShare.Read);
        RandomAccess.SetLength(_handle, size);
    }

    public string FinalPath { get; }

    public bool HolesReadAsZero => true;

    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        RandomAccess.Write(_handle, data, offset);
        // Writeback starts now, overlapping with the next chunks' decoding, instead of all at once
        // in the fsync that makes the restore durable before the rename.
        Storage.NativeFile.StartWriteback(_handle, offset, data.Length);
    }

    public void Complete()
    {
        RandomAccess.FlushToDisk(_handle);
        _handle.Dispose();
        File.Move(_partial, FinalPath, overwrite: false);
    }

    public void Abandon()
    {
        _handle.Dispose();
        File.Delete(_partial);
    }

    public void Dispose() => _handle.Dispose();
}

/// <summary>Restores an archive (its chain resolved), every chunk verified before it is written.</summary>
public sealed class RestoreReader
{
    private readonly BackupRepository _repository;

    public RestoreReader(BackupRepository repository) => _repository = repository;

    /// <summary>Restores every disk of <paramref name="archiveId"/> into <paramref name="folder"/> as NAME.raw.</summary>
    public async Task<ArchiveManifest> RestoreToFolderAsync(string archiveId, string folder, MasterKey? key, TransferProgress? progress = null, int parallelism = 0, CancellationToken cancellationToken = default)
    {
        var chain = await _repository.Catalog.ChainAsync(archiveId, key, cancellationToken).ConfigureAwait(false);
        return await RestoreToFolderAsync(chain, folder, key, progress, parallelism, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Restores the last archive of a chain read before (<see cref="ArchiveCatalog.ChainAsync"/>): a caller
    /// that judged those manifests (their signers) restores exactly what it judged, not a second reading.
    /// </summary>
    public async Task<ArchiveManifest> RestoreToFolderAsync(IReadOnlyList<ArchiveManifest> chain, string folder, MasterKey? key, TransferProgress? progress = null, int parallelism = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chain);
        Directory.CreateDirectory(folder);
        var disks = Prepare(chain, key);
        var targets = new List<IDiskTarget>();
        try
        {
            foreach (var disk in disks)
            {
                targets.Add(new SparseFileTarget(Path.Combine(folder, disk.Name + ".raw"), disk.Size));
            }
            await RestoreAsync(chain[^1], disks, targets, key, progress, parallelism, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            foreach (var target in targets)
            {
                target.Abandon();
            }
            throw;
        }
        return chain[^1];
    }

    /// <summary>Resolves the chain of <paramref name="archiveId"/>: what a caller needs to open targets of the right sizes.</summary>
    public async Task<(IReadOnlyList<ArchiveManifest> Chain, IReadOnlyList<ResolvedDisk> Disks)> ResolveAsync(string archiveId, MasterKey? key, CancellationToken cancellationToken = default)
    {
        var chain = await _repository.Catalog.ChainAsync(archiveId, key, cancellationToken).ConfigureAwait(false);
        return (chain, Prepare(chain, key));
    }

    /// <summary>Writes the resolved disks into the given targets (same order); completes or abandons each.</summary>
    public async Task RestoreAsync(ArchiveManifest archive, IReadOnlyList<ResolvedDisk> disks, IReadOnlyList<IDiskTarget> targets, MasterKey? key, TransferProgress? progress, int parallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(disks);
        ArgumentNullException.ThrowIfNull(targets);
        // A chain shares one key and one algorithm (the writer starts a new full when either changes,
        // and Prepare checks it); an unencrypted
        // archive's names are unkeyed, so the key must not be applied to it.
        key = archive.Encrypted ? key : null;
        var positions = new DiskCursor(disks.Select(d => d.Count));
        if (progress is not null)
        {
            long total = 0;
            for (var d = 0; d < disks.Count; d++)
            {
                for (long p = 0; p < disks[d].Count; p++)
                {
                    total += NeedsWrite(disks[d], targets[d], p) ? disks[d].LengthAt(p) : 0;
                }
            }
            progress.Total = total;
        }
        // The algorithm is the archive's, as its manifest names it; each chunk header is checked against it.
        var algorithm = key is null ? null : ChunkAlgorithm.Of(archive);
        using var cipher = key is null ? null : algorithm!.CreateCipher(key);
        var hasher = key is null ? new ChunkHasher(null) : algorithm!.CreateHasher(key);
        var chunkSize = archive.ChunkSize;
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = Enumerable.Range(0, parallelism > 0 ? parallelism : Environment.ProcessorCount).Select(_ => Task.Run(async () =>
        {
            var plain = ArrayPool<byte>.Shared.Rent(chunkSize);
            try
            {
                while (!failed.IsCancellationRequested)
                {
                    if (!positions.TryNext(out var d, out var position))
                    {
                        return;
                    }
                    var disk = disks[d];
                    if (!NeedsWrite(disk, targets[d], position))
                    {
                        continue;
                    }
                    var length = disk.LengthAt(position);
                    if (disk.IsHole(position))
                    {
                        Array.Clear(plain, 0, length);
                    }
                    else
                    {
                        var digest = disk.DigestAt(position);
                        var container = disk.ContainerAt(position);
                        byte[] blob = await _repository.Device.GetChunkAsync(container, digest, failed.Token).ConfigureAwait(false);
                        int decoded;
                        try
                        {
                            decoded = ChunkCodec.Decode(blob, digest, cipher, hasher, plain);
                        }
                        catch (RepositoryException e)
                        {
                            throw new DamagedDataException($"archive {archive.Id}, disk '{disk.Name}', chunk {digest} in {container}: {e.Message}", e);
                        }
                        if (decoded != length)
                        {
                            throw new DamagedDataException($"archive {archive.Id}, disk '{disk.Name}': chunk {digest} holds {decoded} bytes, position {position} needs {length}");
                        }
                    }
                    targets[d].Write(position * chunkSize, plain.AsSpan(0, length));
                    progress?.Add(length);
                }
            }
            catch
            {
                await failed.CancelAsync().ConfigureAwait(false);
                throw;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(plain);
            }
        }, CancellationToken.None)).ToArray();
        try
        {
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        catch (Exception) when (workers.Any(t => t.IsFaulted))
        {
            throw workers.Select(t => t.Exception?.InnerException).First(e => e is not null)!;
        }
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var target in targets)
        {
            target.Complete();
        }
    }

    private static bool NeedsWrite(ResolvedDisk disk, IDiskTarget target, long position) =>
        !disk.IsHole(position) || !target.HolesReadAsZero;

    private IReadOnlyList<ResolvedDisk> Prepare(IReadOnlyList<ArchiveManifest> chain, MasterKey? key)
    {
        var target = chain[^1];
        foreach (var archive in chain)
        {
            if (archive.Encrypted && key is null)
            {
                throw new RepositoryException($"archive {archive.Id} is encrypted (key {archive.KeyId}); give its master key with --key");
            }
            if (archive.Encryption != target.Encryption)
            {
                throw new RepositoryException(
                    $"archive {target.Id} is encrypted with {target.Encryption} but its base {archive.Id} with {archive.Encryption}; a chain must keep one algorithm");
            }
        }
        foreach (var disk in target.Disks)
        {
            Storage.LocalFolderDevice.ValidateName(disk.Name, "disk name");
        }
        return ResolvedDisk.Resolve(chain, _repository.ContainerOf);
    }
}
