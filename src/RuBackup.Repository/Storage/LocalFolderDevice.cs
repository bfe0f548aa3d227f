using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using RuBackup.Repository.Format;

namespace RuBackup.Repository.Storage;

/// <summary>
/// A pool in a local folder. Layout (docs/format.md):
/// <code>
/// rubackup-repo.json                      pool configuration
/// manifests/ID.manifest                   one per listed archive; its presence is what "listed" means
/// packs/ID.pack                           plain pool: the archive's chunks
/// chunks/SOURCE-TYPE/HHH/DIGEST           dedup pool: one blob per chunk, mtime = last touch
/// locks/chunks.lock                       flock: shared while writers touch, exclusive while gc deletes
/// locks/writers/STARTMS-ID.lock           flock held by each running writer; name carries its start
/// </code>
/// Every file is written under "NAME.tmp.RANDOM" in its final folder and renamed into place.
/// </summary>
public sealed class LocalFolderDevice : IPoolDevice
{
    internal const string TempMarker = ".tmp.";
    private readonly ConcurrentDictionary<string, PackReader> _packs = new();
    private readonly ConcurrentDictionary<string, bool> _createdDirectories = new();

    public LocalFolderDevice(string root)
    {
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public string Description => Root;

    internal string ManifestDirectory => Path.Combine(Root, "manifests");

    internal string PackDirectory => Path.Combine(Root, "packs");

    internal string ChunkDirectory => Path.Combine(Root, "chunks");

    internal string WriterDirectory => Path.Combine(Root, "locks", "writers");

    internal string ChunkLockPath => Path.Combine(Root, "locks", "chunks.lock");

    public Task<byte[]?> ReadConfigAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(Root, RepositoryConfig.FileName);
        return Task.FromResult(File.Exists(path) ? File.ReadAllBytes(path) : null);
    }

    public Task CreateAsync(byte[] config, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Root, RepositoryConfig.FileName);
        if (File.Exists(path))
        {
            throw new RepositoryException($"{Root}: a repository already exists here");
        }
        if (Directory.Exists(Root) && Directory.EnumerateFileSystemEntries(Root).Any())
        {
            throw new RepositoryException($"{Root}: folder is not empty; choose an empty or new folder");
        }
        foreach (var directory in new[] { ManifestDirectory, PackDirectory, ChunkDirectory, WriterDirectory })
        {
            Directory.CreateDirectory(directory);
        }
        WriteDurably(path, config);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListManifestsAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> ids = [.. Directory.EnumerateFiles(ManifestDirectory, "*.manifest")
            .Select(Path.GetFileName)
            .Select(name => name![..^".manifest".Length])
            .Order(StringComparer.Ordinal)];
        return Task.FromResult(ids);
    }

    public Task<byte[]> GetManifestAsync(string archiveId, CancellationToken cancellationToken)
    {
        var path = ManifestPath(archiveId);
        try
        {
            return Task.FromResult(File.ReadAllBytes(path));
        }
        catch (FileNotFoundException e)
        {
            throw new RepositoryException($"{Root}: no archive '{archiveId}'", e);
        }
    }

    public Task DeleteArchiveAsync(string archiveId, CancellationToken cancellationToken)
    {
        // The manifest goes first: once it is gone the archive is not listed, and a pack left
        // behind by a crash here is a leftover that gc removes.
        var manifest = ManifestPath(archiveId);
        if (!File.Exists(manifest))
        {
            throw new RepositoryException($"{Root}: no archive '{archiveId}'");
        }
        File.Delete(manifest);
        NativeFile.FsyncDirectory(ManifestDirectory);
        if (_packs.TryRemove(archiveId, out var reader))
        {
            reader.Dispose();
        }
        File.Delete(PackPath(archiveId));
        return Task.CompletedTask;
    }

    public Task<IWriteSession> BeginWriteAsync(string archiveId, CancellationToken cancellationToken)
    {
        ValidateName(archiveId, "archive id");
        return Task.FromResult<IWriteSession>(new LocalWriteSession(this, archiveId));
    }

    public Task<byte[]> GetChunkAsync(ChunkContainer container, ChunkDigest digest, CancellationToken cancellationToken)
    {
        if (container.Kind == ChunkStoreKind.Pack)
        {
            return Task.FromResult(OpenPack(container.Name).Read(digest));
        }
        var path = ChunkPath(container.Name, digest);
        try
        {
            return Task.FromResult(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ChunkMissingException($"{path}: chunk is missing", e);
        }
    }

    public Task<IReadOnlyList<ChunkContainer>> ListContainersAsync(CancellationToken cancellationToken)
    {
        var shared = Directory.EnumerateDirectories(ChunkDirectory).Select(d => ChunkContainer.Shared(Path.GetFileName(d)));
        var packs = Directory.EnumerateFiles(PackDirectory, "*.pack").Select(p => ChunkContainer.Pack(Path.GetFileNameWithoutExtension(p)));
        IReadOnlyList<ChunkContainer> all = [.. shared, .. packs];
        return Task.FromResult(all);
    }

    public async IAsyncEnumerable<StoredChunk> ListChunksAsync(ChunkContainer container, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (container.Kind == ChunkStoreKind.Pack)
        {
            var pack = OpenPack(container.Name);
            var touched = File.GetLastWriteTimeUtc(pack.Path);
            foreach (var (digest, location) in pack.Entries)
            {
                yield return new StoredChunk(container, digest, location.Length, touched);
            }
            yield break;
        }
        var root = Path.Combine(ChunkDirectory, container.Name);
        if (!Directory.Exists(root))
        {
            yield break;
        }
        foreach (var file in new DirectoryInfo(root).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ChunkDigest.TryParse(file.Name, out var digest))
            {
                yield return new StoredChunk(container, digest, file.Length, file.LastWriteTimeUtc);
            }
        }
    }

    public Task<DateTimeOffset?> OldestActiveWriterAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset? oldest = null;
        foreach (var file in Directory.EnumerateFiles(WriterDirectory, "*.lock"))
        {
            // A lock we can take belongs to a writer that died: its leftovers are fair game.
            using (var probe = NativeFile.Lock(file, exclusive: true, wait: false))
            {
                if (probe is not null)
                {
                    File.Delete(file);
                    continue;
                }
            }
            var name = Path.GetFileName(file);
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && long.TryParse(name.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var startMs))
            {
                var start = DateTimeOffset.FromUnixTimeMilliseconds(startMs);
                oldest = oldest is null || start < oldest ? start : oldest;
            }
        }
        return Task.FromResult(oldest);
    }

    public Task<(long Count, long Bytes)> SweepAsync(ChunkContainer container, IReadOnlySet<ChunkDigest> keep, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var root = Path.Combine(ChunkDirectory, container.Name);
        long count = 0, bytes = 0;
        if (!Directory.Exists(root))
        {
            return Task.FromResult((count, bytes));
        }
        foreach (var directory in Directory.EnumerateDirectories(root))
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Exclusive per folder: a writer's touch either lands before we look (and we keep the
            // chunk) or after we deleted it (and the writer sees it missing and writes it again).
            using var exclusive = NativeFile.Lock(ChunkLockPath, exclusive: true, wait: true);
            foreach (var file in new DirectoryInfo(directory).EnumerateFiles())
            {
                if (!ChunkDigest.TryParse(file.Name, out var digest) || keep.Contains(digest))
                {
                    continue;
                }
                if (file.LastWriteTimeUtc < cutoff.UtcDateTime)
                {
                    bytes += file.Length;
                    count++;
                    file.Delete();
                }
            }
        }
        return Task.FromResult((count, bytes));
    }

    public Task<(long Count, long Bytes)> RemoveLeftoversAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        long count = 0, bytes = 0;
        var manifests = new HashSet<string>(Directory.EnumerateFiles(ManifestDirectory, "*.manifest").Select(Path.GetFileNameWithoutExtension)!);
        foreach (var file in new DirectoryInfo(Root).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var temporary = file.Name.Contains(TempMarker, StringComparison.Ordinal);
            var orphanPack = file.DirectoryName == PackDirectory && file.Extension == ".pack"
                && !manifests.Contains(Path.GetFileNameWithoutExtension(file.Name));
            if ((temporary || orphanPack) && file.LastWriteTimeUtc < cutoff.UtcDateTime)
            {
                bytes += file.Length;
                count++;
                file.Delete();
            }
        }
        return Task.FromResult((count, bytes));
    }

    internal string ManifestPath(string archiveId)
    {
        ValidateName(archiveId, "archive id");
        return Path.Combine(ManifestDirectory, archiveId + ".manifest");
    }

    internal string PackPath(string archiveId) => Path.Combine(PackDirectory, archiveId + ".pack");

    internal string ChunkPath(string sourceType, ChunkDigest digest)
    {
        var hex = digest.ToHex();
        return Path.Combine(ChunkDirectory, sourceType, hex[..3], hex);
    }

    internal void EnsureDirectory(string directory)
    {
        if (_createdDirectories.ContainsKey(directory))
        {
            return;
        }
        Directory.CreateDirectory(directory);
        _createdDirectories[directory] = true;
    }

    internal static string TemporaryName(string finalPath) => finalPath + TempMarker + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Write to a temporary name, fsync, rename, fsync the folder: the file is whole or absent.</summary>
    internal static void WriteDurably(string path, ReadOnlySpan<byte> content)
    {
        var temporary = TemporaryName(path);
        using (var handle = File.OpenHandle(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
            RandomAccess.Write(handle, content, 0);
            RandomAccess.FlushToDisk(handle);
        }
        File.Move(temporary, path, overwrite: false);
        NativeFile.FsyncDirectory(Path.GetDirectoryName(path)!);
    }

    internal static void ValidateName(string name, string what)
    {
        if (name.Length is 0 or > 128 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') || name.StartsWith('.'))
        {
            throw new RepositoryException($"{what} '{name}' may only contain letters, digits, '-', '_' and '.'");
        }
    }

    private PackReader OpenPack(string archiveId)
    {
        ValidateName(archiveId, "archive id");
        return _packs.GetOrAdd(archiveId, id =>
        {
            var path = PackPath(id);
            if (!File.Exists(path))
            {
                throw new ChunkMissingException($"{path}: pack is missing");
            }
            return new PackReader(path);
        });
    }
}
