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
public sealed class FaultInjectingDevice(IPoolDevice inner) : ForwardingDevice(inner)
{
    private readonly Dictionary<DeviceOperation, long> _failAt = [];
    private readonly Dictionary<DeviceOperation, long> _calls = [];
    private readonly Lock _gate = new();
    private long _chunksPut;
    private long _bytesPut;

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

    public override Task<byte[]> GetManifestAsync(string archiveId, CancellationToken cancellationToken)
    {
        Hit(DeviceOperation.GetManifest);
        return Inner.GetManifestAsync(archiveId, cancellationToken);
    }

    protected override IWriteSession WrapSession(IWriteSession session) => new Session(this, session);

    public override async Task<byte[]> GetChunkAsync(ChunkContainer container, ChunkDigest digest, CancellationToken cancellationToken)
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

    private sealed class Session(FaultInjectingDevice owner, IWriteSession session) : ForwardingSession(session)
    {
        public override Task<IReadOnlyList<ChunkDigest>> FindMissingAsync(ChunkContainer container, IReadOnlyList<ChunkDigest> digests, CancellationToken cancellationToken)
        {
            owner.Hit(DeviceOperation.FindMissing);
            return base.FindMissingAsync(container, digests, cancellationToken);
        }

        public override Task PutChunkAsync(ChunkContainer container, ChunkDigest digest, ReadOnlyMemory<byte> blob, CancellationToken cancellationToken)
        {
            owner.Hit(DeviceOperation.PutChunk);
            Interlocked.Increment(ref owner._chunksPut);
            Interlocked.Add(ref owner._bytesPut, blob.Length);
            return base.PutChunkAsync(container, digest, blob, cancellationToken);
        }

        public override Task CommitAsync(ReadOnlyMemory<byte> manifest, CancellationToken cancellationToken)
        {
            owner.Hit(DeviceOperation.Commit);
            return base.CommitAsync(manifest, cancellationToken);
        }
    }
}
