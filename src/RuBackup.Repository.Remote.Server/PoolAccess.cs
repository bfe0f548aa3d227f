using RuBackup.Repository.Storage;

namespace RuBackup.Repository.Remote.Server;

/// <summary>What one request of the pool protocol may do; built by the host's resolve callback.</summary>
public sealed class PoolAccess
{
    /// <summary>
    /// The pool the request works on (normally a <see cref="LocalFolderDevice"/>). Give the same
    /// instance for every request to one pool: a device caches open packs (a plain pool's restore
    /// reads every chunk through one), and a new device per request would reopen the pack per chunk.
    /// </summary>
    public required IPoolDevice Device { get; init; }

    /// <summary>Whether write sessions may be opened (backup tasks only); otherwise they answer 403.</summary>
    public bool CanWrite { get; init; }

    /// <summary>Archives the caller may see; the others are left out of lists and answer 404.</summary>
    public Func<string, bool> ManifestVisible { get; init; } = _ => true;

    /// <summary>
    /// Wraps the device commit: the host records the archive (e.g. in its catalog) around the call of
    /// the given function, which publishes the manifest. Null commits directly.
    /// </summary>
    public Func<PoolCommit, Func<CancellationToken, Task>, CancellationToken, Task>? Commit { get; init; }

    /// <summary>How many chunk bytes one write session may store (e.g. what a rule's volume limit leaves); null: no limit.</summary>
    public PoolWriteBudget? Budget { get; init; }
}

/// <param name="Bytes">Chunk bytes a session may receive; the chunk that would pass it is refused with 409 and the session breaks.</param>
/// <param name="Refusal">The error for a session that would hold the given number of bytes.</param>
public sealed record PoolWriteBudget(long Bytes, Func<long, string> Refusal);

/// <summary>A write session about to be committed: its archive, manifest bytes and server-side counts.</summary>
public sealed record PoolCommit(string ArchiveId, ReadOnlyMemory<byte> Manifest, PoolSessionStats Stats);

/// <summary>
/// Counted by the server over one write session: digests asked about, digests reported missing,
/// chunks received and their blob bytes (what crossed the wire as chunk data).
/// </summary>
public sealed record PoolSessionStats(long ChunksAsked, long ChunksMissing, long ChunksReceived, long BytesReceived);

/// <summary>Thrown by the resolve callback to refuse a request with an HTTP status (401/403/404/409).</summary>
public sealed class PoolAccessDeniedException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
