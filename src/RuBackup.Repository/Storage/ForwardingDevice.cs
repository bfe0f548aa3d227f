using RuBackup.Repository.Format;

namespace RuBackup.Repository.Storage;

/// <summary>
/// Forwards every call to another device: the base for wrappers that disturb or observe one or two
/// operations (fault injection, test doubles) without restating the whole interface.
/// </summary>
public class ForwardingDevice(IPoolDevice inner) : IPoolDevice
{
    public IPoolDevice Inner { get; } = inner;

    public virtual string Description => Inner.Description;

    public virtual Task<byte[]?> ReadConfigAsync(CancellationToken cancellationToken) => Inner.ReadConfigAsync(cancellationToken);

    public virtual Task CreateAsync(byte[] config, CancellationToken cancellationToken) => Inner.CreateAsync(config, cancellationToken);

    public virtual Task<IReadOnlyList<string>> ListManifestsAsync(CancellationToken cancellationToken) => Inner.ListManifestsAsync(cancellationToken);

    public virtual Task<byte[]> GetManifestAsync(string archiveId, CancellationToken cancellationToken) => Inner.GetManifestAsync(archiveId, cancellationToken);

    public virtual Task DeleteArchiveAsync(string archiveId, CancellationToken cancellationToken) => Inner.DeleteArchiveAsync(archiveId, cancellationToken);

    public async Task<IWriteSession> BeginWriteAsync(string archiveId, CancellationToken cancellationToken) =>
        WrapSession(await Inner.BeginWriteAsync(archiveId, cancellationToken).ConfigureAwait(false));

    public virtual Task<byte[]> GetChunkAsync(ChunkContainer container, ChunkDigest digest, CancellationToken cancellationToken) =>
        Inner.GetChunkAsync(container, digest, cancellationToken);

    public virtual Task<IReadOnlyList<ChunkContainer>> ListContainersAsync(CancellationToken cancellationToken) => Inner.ListContainersAsync(cancellationToken);

    public virtual IAsyncEnumerable<StoredChunk> ListChunksAsync(ChunkContainer container, CancellationToken cancellationToken) =>
        Inner.ListChunksAsync(container, cancellationToken);

    public virtual Task<DateTimeOffset?> OldestActiveWriterAsync(CancellationToken cancellationToken) => Inner.OldestActiveWriterAsync(cancellationToken);

    public virtual Task<(long Count, long Bytes)> SweepAsync(ChunkContainer container, IReadOnlySet<ChunkDigest> keep, DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        Inner.SweepAsync(container, keep, cutoff, cancellationToken);

    public virtual Task<(long Count, long Bytes)> RemoveLeftoversAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        Inner.RemoveLeftoversAsync(cutoff, cancellationToken);

    /// <summary>Wraps each write session the inner device begins; the default keeps it as it is.</summary>
    protected virtual IWriteSession WrapSession(IWriteSession session) => session;
}

/// <summary>Forwards every call of a write session; wrappers override what they observe.</summary>
public class ForwardingSession(IWriteSession inner) : IWriteSession
{
    public virtual Task<IReadOnlyList<ChunkDigest>> FindMissingAsync(ChunkContainer container, IReadOnlyList<ChunkDigest> digests, CancellationToken cancellationToken) =>
        inner.FindMissingAsync(container, digests, cancellationToken);

    public virtual Task PutChunkAsync(ChunkContainer container, ChunkDigest digest, ReadOnlyMemory<byte> blob, CancellationToken cancellationToken) =>
        inner.PutChunkAsync(container, digest, blob, cancellationToken);

    /// <summary>
    /// Goes through <see cref="PutChunkAsync"/> chunk by chunk, so a wrapper that observes single puts
    /// sees every chunk; a wrapper that must keep the inner device's batching overrides this.
    /// </summary>
    public virtual async Task PutChunksAsync(ChunkContainer container, IReadOnlyList<ChunkUpload> chunks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        foreach (var chunk in chunks)
        {
            await PutChunkAsync(container, chunk.Digest, chunk.Blob, cancellationToken).ConfigureAwait(false);
        }
    }

    public virtual Task CommitAsync(ReadOnlyMemory<byte> manifest, CancellationToken cancellationToken) => inner.CommitAsync(manifest, cancellationToken);

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return inner.DisposeAsync();
    }
}
