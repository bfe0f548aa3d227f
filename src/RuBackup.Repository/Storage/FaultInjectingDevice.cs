using System.Runtime.CompilerServices;
using RuBackup.Repository.Format;

namespace RuBackup.Repository.Storage;

/// <summary>Which operation a fault hits.</summary>
public enum DeviceOperation
{
    FindMissing,
    PutChunk,
    Commit,
    GetChunk,
    GetManifest,
}

/// <summary>
/// Wraps a real device and, on request, fails the Nth call of an operation, or flips a byte in what a
/// read returns. Counts every call, so tests can assert what crossed the interface (how many chunks a
/// deduplicating backup really sent).
/// </summary>
public sealed class FaultInjectingDevice(IPoolDevice inner) : IPoolDevice
{
    private readonly Dictionary<DeviceOperation, long> _failAt = [];
    private readonly Dictionary<DeviceOperation, long> _calls = [];
    private readonly Lock _gate = new();
    private long _chunksPut;
    private long _bytesPut;

    public IPoolDevice Inner { get; } = inner;

    public string Description => Inner.Description;

    /// <summary>Flip one byte of every blob returned for these digests (bit rot on the way).</summary>
    public HashSet<ChunkDigest> CorruptReads { get; } = [];

    public long ChunksPut => Interlocked.Read(ref _chunksPut);

    public long BytesPut => Interlocked.Read(ref _bytesPut);

    /// <summary>The <paramref name="nth"/> call (1-based, counted from now) of <paramref name="operation"/> throws an IOException.</summary>
    public void FailOn(DeviceOperation operation, long nth = 1)
    {
        lock (_gate)
        {
            _failAt[operation] = Calls(operation) + nth;
        }
    }

    public long Calls(DeviceOperation operation)
    {
        lock (_gate)
        {
            return _calls.GetValueOrDefault(operation);
        }
    }

    public Task<byte[]?> ReadConfigAsync(CancellationToken cancellationToken) => Inner.ReadConfigAsync(cancellationToken);

    public Task CreateAsync(byte[] config, CancellationToken cancellationToken) => Inner.CreateAsync(config, cancellationToken);

    public Task<IReadOnlyList<string>> ListManifestsAsync(CancellationToken cancellationToken) => Inner.ListManifestsAsync(cancellationToken);

    public Task<byte[]> GetManifestAsync(string archiveId, CancellationToken cancellationToken)
    {
        Hit(DeviceOperation.GetManifest);
        return Inner.GetManifestAsync(archiveId, cancellationToken);
    }

    public Task DeleteArchiveAsync(string archiveId, CancellationToken cancellationToken) => Inner.DeleteArchiveAsync(archiveId, cancellationToken);

    public async Task<IWriteSession> BeginWriteAsync(string archiveId, CancellationToken cancellationToken) =>
        new Session(this, await Inner.BeginWriteAsync(archiveId, cancellationToken).ConfigureAwait(false));

    public async Task<byte[]> GetChunkAsync(ChunkContainer container, ChunkDigest digest, CancellationToken cancellationToken)
    {
        Hit(DeviceOperation.GetChunk);
        var blob = await Inner.GetChunkAsync(container, digest, cancellationToken).ConfigureAwait(false);
        if (CorruptReads.Contains(digest) && blob.Length > 0)
        {
            blob = (byte[])blob.Clone();
            blob[blob.Length / 2] ^= 0x40;
        }
        return blob;
    }

    public Task<IReadOnlyList<ChunkContainer>> ListContainersAsync(CancellationToken cancellationToken) => Inner.ListContainersAsync(cancellationToken);

    public IAsyncEnumerable<StoredChunk> ListChunksAsync(ChunkContainer container, CancellationToken cancellationToken) => Inner.ListChunksAsync(container, cancellationToken);

    public Task<DateTimeOffset?> OldestActiveWriterAsync(CancellationToken cancellationToken) => Inner.OldestActiveWriterAsync(cancellationToken);

    public Task<(long Count, long Bytes)> SweepAsync(ChunkContainer container, IReadOnlySet<ChunkDigest> keep, DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        Inner.SweepAsync(container, keep, cutoff, cancellationToken);

    public Task<(long Count, long Bytes)> RemoveLeftoversAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) => Inner.RemoveLeftoversAsync(cutoff, cancellationToken);

    private void Hit(DeviceOperation operation, [CallerMemberName] string caller = "")
    {
        lock (_gate)
        {
            var count = _calls.GetValueOrDefault(operation) + 1;
            _calls[operation] = count;
            if (_failAt.TryGetValue(operation, out var at) && at == count)
            {
                _failAt.Remove(operation);
                throw new IOException($"injected fault: {operation} call {count} ({caller})");
            }
        }
    }

    private sealed class Session(FaultInjectingDevice owner, IWriteSession inner) : IWriteSession
    {
        public Task<IReadOnlyList<ChunkDigest>> FindMissingAsync(ChunkContainer container, IReadOnlyList<ChunkDigest> digests, CancellationToken cancellationToken)
        {
            owner.Hit(DeviceOperation.FindMissing);
            return inner.FindMissingAsync(container, digests, cancellationToken);
        }

        public Task PutChunkAsync(ChunkContainer container, ChunkDigest digest, ReadOnlyMemory<byte> blob, CancellationToken cancellationToken)
        {
            owner.Hit(DeviceOperation.PutChunk);
            Interlocked.Increment(ref owner._chunksPut);
            Interlocked.Add(ref owner._bytesPut, blob.Length);
            return inner.PutChunkAsync(container, digest, blob, cancellationToken);
        }

        public Task CommitAsync(ReadOnlyMemory<byte> manifest, CancellationToken cancellationToken)
        {
            owner.Hit(DeviceOperation.Commit);
            return inner.CommitAsync(manifest, cancellationToken);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
