using RuBackup.Repository.Format;

namespace RuBackup.Repository.Storage;

/// <summary>
/// A place chunks live: a pool's shared content-addressed store for one source type, or one archive's
/// own pack in a plain pool.
/// </summary>
public readonly record struct ChunkContainer(ChunkStoreKind Kind, string Name)
{
    public static ChunkContainer Shared(string sourceType) => new(ChunkStoreKind.Shared, sourceType);

    public static ChunkContainer Pack(string archiveId) => new(ChunkStoreKind.Pack, archiveId);

    public override string ToString() => Kind == ChunkStoreKind.Shared ? $"store '{Name}'" : $"pack of {Name}";
}

public readonly record struct StoredChunk(ChunkContainer Container, ChunkDigest Digest, long Length, DateTimeOffset LastTouched);

/// <summary>
/// The one narrow interface through which the engine reaches a pool (the Tsavorite "device"). The
/// local folder implements it here; the server implements it over HTTP; a fault-injecting wrapper
/// serves the crash and damage tests. Implementations must keep two promises:
/// <list type="bullet">
/// <item>a manifest becomes visible to <see cref="ListManifestsAsync"/> only after every chunk its
/// write session put is durable, and atomically (never a half-written manifest);</item>
/// <item>a chunk reported present by <see cref="IWriteSession.FindMissingAsync"/> stays until the
/// session ends, even while garbage collection runs.</item>
/// </list>
/// </summary>
public interface IPoolDevice
{
    /// <summary>Names the pool in messages (a path or URL, never credentials).</summary>
    string Description { get; }

    /// <summary>The pool's configuration bytes, or null when no pool exists there.</summary>
    Task<byte[]?> ReadConfigAsync(CancellationToken cancellationToken);

    /// <summary>Creates an empty pool; fails if one exists.</summary>
    Task CreateAsync(byte[] config, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ListManifestsAsync(CancellationToken cancellationToken);

    /// <summary>Throws <see cref="RepositoryException"/> naming the archive when it does not exist.</summary>
    Task<byte[]> GetManifestAsync(string archiveId, CancellationToken cancellationToken);

    /// <summary>Removes the manifest (and a plain pool's pack); chunks of a shared store wait for gc.</summary>
    Task DeleteArchiveAsync(string archiveId, CancellationToken cancellationToken);

    /// <summary>Starts writing one archive; the session is registered as an active writer until disposed.</summary>
    Task<IWriteSession> BeginWriteAsync(string archiveId, CancellationToken cancellationToken);

    /// <summary>Throws <see cref="ChunkMissingException"/> when absent.</summary>
    Task<byte[]> GetChunkAsync(ChunkContainer container, ChunkDigest digest, CancellationToken cancellationToken);

    Task<IReadOnlyList<ChunkContainer>> ListContainersAsync(CancellationToken cancellationToken);

    IAsyncEnumerable<StoredChunk> ListChunksAsync(ChunkContainer container, CancellationToken cancellationToken);

    /// <summary>The start time of the oldest write session still running (in any process), if any.</summary>
    Task<DateTimeOffset?> OldestActiveWriterAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Deletes shared-store chunks not in <paramref name="keep"/> whose last touch is older than
    /// <paramref name="cutoff"/>, atomically with respect to writers' touches. Returns count and bytes.
    /// </summary>
    Task<(long Count, long Bytes)> SweepAsync(ChunkContainer container, IReadOnlySet<ChunkDigest> keep, DateTimeOffset cutoff, CancellationToken cancellationToken);

    /// <summary>Removes files of interrupted writes (temporary files, packs without a manifest) older than the cutoff.</summary>
    Task<(long Count, long Bytes)> RemoveLeftoversAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}

/// <summary>One archive being written. Disposing without <see cref="CommitAsync"/> abandons it.</summary>
public interface IWriteSession : IAsyncDisposable
{
    /// <summary>
    /// Returns which of <paramref name="digests"/> the shared store lacks, and refreshes the others so
    /// a concurrent garbage collection keeps them.
    /// </summary>
    Task<IReadOnlyList<ChunkDigest>> FindMissingAsync(ChunkContainer container, IReadOnlyList<ChunkDigest> digests, CancellationToken cancellationToken);

    Task PutChunkAsync(ChunkContainer container, ChunkDigest digest, ReadOnlyMemory<byte> blob, CancellationToken cancellationToken);

    /// <summary>
    /// Puts several chunks of one container: one round trip on a remote device. Either every chunk is
    /// stored or the call throws (and the session must not be committed). The default puts them one by one.
    /// </summary>
    async Task PutChunksAsync(ChunkContainer container, IReadOnlyList<ChunkUpload> chunks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        foreach (var chunk in chunks)
        {
            await PutChunkAsync(container, chunk.Digest, chunk.Blob, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Makes every chunk durable, then publishes the manifest atomically.</summary>
    Task CommitAsync(ReadOnlyMemory<byte> manifest, CancellationToken cancellationToken);
}

/// <summary>One encoded chunk (a <see cref="ChunkCodec"/> blob) and its name, as a batch put carries it.</summary>
public readonly record struct ChunkUpload(ChunkDigest Digest, ReadOnlyMemory<byte> Blob);

public sealed class ChunkMissingException : DamagedDataException
{
    public ChunkMissingException(string message) : base(message) { }

    public ChunkMissingException() { }

    public ChunkMissingException(string message, Exception inner) : base(message, inner) { }
}
