using RuBackup.Repository.Format;

namespace RuBackup.Repository.Storage;

/// <summary>
/// One archive being written into a local folder. While it lives it holds an flock on its writer
/// file, which tells gc its start time; touches of existing chunks happen under the shared chunk lock
/// so they cannot interleave with gc's delete of the same folder.
/// </summary>
internal sealed class LocalWriteSession : IWriteSession
{
    private readonly LocalFolderDevice _device;
    private readonly string _archiveId;
    private readonly NativeFile.FileLock _writerLock;
    private readonly string _writerFile;
    private readonly Lock _packGate = new();
    private readonly DateTime _started;
    private PackWriter? _pack;
    private bool _wroteShared;
    private bool _committed;

    public LocalWriteSession(LocalFolderDevice device, string archiveId)
    {
        _device = device;
        _archiveId = archiveId;
        if (File.Exists(device.ManifestPath(archiveId)))
        {
            throw new RepositoryException($"{device.Root}: archive '{archiveId}' already exists");
        }
        // Whole seconds, rounded down, so the start time in the name is never later than a touch.
        var now = DateTimeOffset.UtcNow;
        _started = now.UtcDateTime;
        Directory.CreateDirectory(device.WriterDirectory);
        _writerFile = Path.Combine(device.WriterDirectory, $"{now.ToUnixTimeSeconds() * 1000}-{archiveId}.lock");
        _writerLock = NativeFile.Lock(_writerFile, exclusive: true, wait: false)
            ?? throw new RepositoryException($"{_writerFile}: another writer holds this archive id");
    }

    public Task<IReadOnlyList<ChunkDigest>> FindMissingAsync(ChunkContainer container, IReadOnlyList<ChunkDigest> digests, CancellationToken cancellationToken)
    {
        var missing = new List<ChunkDigest>();
        var now = DateTime.UtcNow;
        using var shared = NativeFile.Lock(_device.ChunkLockPath, exclusive: false, wait: true);
        foreach (var digest in digests)
        {
            var file = new FileInfo(_device.ChunkPath(container.Name, digest));
            // A file shorter than a blob header is what a power cut can leave of an unsynced
            // write: treat it as missing so this backup writes it again.
            if (!file.Exists || file.Length < ChunkCodec.HeaderSize)
            {
                missing.Add(digest);
                continue;
            }
            try
            {
                if (file.LastWriteTimeUtc < _started)
                {
                    file.LastWriteTimeUtc = now;
                }
            }
            catch (FileNotFoundException)
            {
                missing.Add(digest);
            }
        }
        return Task.FromResult<IReadOnlyList<ChunkDigest>>(missing);
    }

    public Task PutChunkAsync(ChunkContainer container, ChunkDigest digest, ReadOnlyMemory<byte> blob, CancellationToken cancellationToken)
    {
        if (container.Kind == ChunkStoreKind.Pack)
        {
            if (container.Name != _archiveId)
            {
                throw new InvalidOperationException($"session of {_archiveId} cannot write into the pack of {container.Name}");
            }
            EnsurePack().Append(digest, blob.Span);
            return Task.CompletedTask;
        }
        var path = _device.ChunkPath(container.Name, digest);
        _device.EnsureDirectory(Path.GetDirectoryName(path)!);
        var temporary = LocalFolderDevice.TemporaryName(path);
        using (var handle = File.OpenHandle(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
            RandomAccess.Write(handle, blob.Span, 0);
            NativeFile.StartWriteback(handle, 0, blob.Length);
        }
        // Same content under the same name: replacing a concurrent writer's copy is harmless.
        File.Move(temporary, path, overwrite: true);
        _wroteShared = true;
        return Task.CompletedTask;
    }

    public Task CommitAsync(ReadOnlyMemory<byte> manifest, CancellationToken cancellationToken)
    {
        if (_pack is not null)
        {
            _pack.Finish();
            _pack.Dispose();
            File.Move(_pack.TemporaryPath, _device.PackPath(_archiveId), overwrite: false);
            NativeFile.FsyncDirectory(_device.PackDirectory);
            _pack = null;
        }
        if (_wroteShared)
        {
            // One syncfs instead of an fsync per chunk file: every blob and rename reaches the disk
            // before the manifest that refers to them can exist.
            NativeFile.SyncFileSystem(_device.ChunkDirectory);
        }
        LocalFolderDevice.WriteDurably(_device.ManifestPath(_archiveId), manifest.Span);
        _committed = true;
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        if (_pack is not null)
        {
            _pack.Dispose();
            if (!_committed)
            {
                File.Delete(_pack.TemporaryPath);
            }
        }
        File.Delete(_writerFile);
        _writerLock.Dispose();
        return ValueTask.CompletedTask;
    }

    private PackWriter EnsurePack()
    {
        if (_pack is not null)
        {
            return _pack;
        }
        lock (_packGate)
        {
            return _pack ??= new PackWriter(LocalFolderDevice.TemporaryName(_device.PackPath(_archiveId)));
        }
    }
}
