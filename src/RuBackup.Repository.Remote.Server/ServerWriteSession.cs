using RuBackup.Repository.Format;
using RuBackup.Repository.Storage;

namespace RuBackup.Repository.Remote.Server;

/// <summary>
/// A device write session held for a client between its requests. Requests enter and leave it; once it
/// is closed (by commit, abandon, idle timeout or shutdown) no request enters, the closer waits for
/// those inside to leave, and only then is the device session committed or disposed, so a device
/// session never sees a put racing its commit or disposal.
/// </summary>
internal sealed class ServerWriteSession(string id, string scope, string archiveId, PoolAccess access, IWriteSession inner, int chunkSize, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _lifetime = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _active;
    private bool _closed;
    private string? _broken;
    private long _lastUsed = time.GetTimestamp();
    private long _asked, _missing, _received, _bytes;

    public string Id { get; } = id;

    /// <summary>The pool path the session was begun under: requests through another pool URL do not find it.</summary>
    public string Scope { get; } = scope;

    public string ArchiveId { get; } = archiveId;

    public PoolAccess Access { get; } = access;

    public IWriteSession Inner { get; } = inner;

    public int ChunkSize { get; } = chunkSize;

    public int MaxBlobLength { get; } = ChunkCodec.MaxBlobSize(chunkSize);

    /// <summary>Cancelled when the session is closed by anything but a commit: requests inside stop.</summary>
    public CancellationToken Lifetime => _lifetime.Token;

    public PoolSessionStats Stats => new(Interlocked.Read(ref _asked), Interlocked.Read(ref _missing), Interlocked.Read(ref _received), Interlocked.Read(ref _bytes));

    public void CountAsked(long asked, long missing)
    {
        Interlocked.Add(ref _asked, asked);
        Interlocked.Add(ref _missing, missing);
    }

    public void CountReceived(long bytes)
    {
        Interlocked.Increment(ref _received);
        Interlocked.Add(ref _bytes, bytes);
    }

    /// <summary>A failed or cut upload may have left part of a batch behind: the session can no longer be committed.</summary>
    public void Break(string reason)
    {
        lock (_gate)
        {
            _broken ??= reason;
        }
    }

    public string? BrokenReason
    {
        get
        {
            lock (_gate)
            {
                return _broken;
            }
        }
    }

    /// <summary>Enters for one request; false once the session is closed.</summary>
    public bool TryEnter()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }
            _active++;
            _lastUsed = time.GetTimestamp();
            return true;
        }
    }

    public void Exit()
    {
        lock (_gate)
        {
            _active--;
            _lastUsed = time.GetTimestamp();
            if (_closed && _active == 0)
            {
                _drained.TrySetResult();
            }
        }
    }

    public bool IdleLongerThan(TimeSpan timeout)
    {
        lock (_gate)
        {
            return !_closed && _active == 0 && time.GetElapsedTime(_lastUsed) >= timeout;
        }
    }

    /// <summary>
    /// Closes the session (only the first caller wins) and returns a task that completes when no
    /// request is inside any more. A commit closes without cancelling the requests inside: a
    /// well-behaved client has none, and the others are let finish rather than cut mid-chunk.
    /// </summary>
    public bool TryClose(bool cancelRequests, out Task drained)
    {
        lock (_gate)
        {
            drained = _drained.Task;
            if (_closed)
            {
                return false;
            }
            _closed = true;
            if (_active == 0)
            {
                _drained.TrySetResult();
            }
        }
        if (cancelRequests)
        {
            _lifetime.Cancel();
        }
        return true;
    }

    public async ValueTask DisposeInnerAsync()
    {
        try
        {
            await Inner.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _lifetime.Dispose();
        }
    }
}
