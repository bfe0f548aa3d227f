using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace RuBackup.Repository.Remote.Server;

/// <summary>
/// The write sessions of one mapped pool protocol, in memory, keyed by a random id. A timer abandons
/// sessions whose client stopped asking (crashed, lost its network); shutdown abandons them all, so
/// what a vanished or interrupted writer left is never committed, only collected later as leftovers.
/// </summary>
internal sealed class WriteSessionRegistry : IDisposable
{
    private static readonly TimeSpan ShutdownDrain = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, ServerWriteSession> _sessions = new(StringComparer.Ordinal);
    private readonly TimeSpan _idleTimeout;
    private readonly ILogger _log;
    private readonly ITimer _sweeper;
    private readonly CancellationTokenSource _stopping = new();

    public WriteSessionRegistry(TimeProvider time, PoolProtocolOptions options, ILogger log)
    {
        Time = time;
        Options = options;
        _idleTimeout = options.SessionIdleTimeout;
        _log = log;
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, _idleTimeout.Ticks / 4));
        _sweeper = time.CreateTimer(_ => _ = AbandonIdleAsync(), null, period, period);
    }

    public TimeProvider Time { get; }

    public PoolProtocolOptions Options { get; }

    /// <summary>Cancelled when the host stops: commits in flight give up, new sessions are refused.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public int Count => _sessions.Count;

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public void Add(ServerWriteSession session)
    {
        _sessions[session.Id] = session;
        _log.LogInformation("pool session {Session}: writing archive {Archive}", session.Id, session.ArchiveId);
    }

    /// <summary>The session, when it exists and was begun through the same pool path.</summary>
    public ServerWriteSession? Find(string id, string scope) =>
        _sessions.TryGetValue(id, out var session) && session.Scope == scope ? session : null;

    /// <summary>Forgets the session and disposes its device session once requests inside have left.</summary>
    public async Task EndAsync(ServerWriteSession session, Task drained, string why)
    {
        _sessions.TryRemove(new KeyValuePair<string, ServerWriteSession>(session.Id, session));
        await drained.ConfigureAwait(false);
        await session.DisposeInnerAsync().ConfigureAwait(false);
        _log.LogInformation("pool session {Session} of archive {Archive}: {Why}", session.Id, session.ArchiveId, why);
    }

    /// <summary>Closes every session; waits a bounded time for their requests to leave.</summary>
    public void StopAll()
    {
        _stopping.Cancel();
        var ends = new List<Task>();
        foreach (var session in _sessions.Values)
        {
            if (session.TryClose(cancelRequests: true, out var drained))
            {
                ends.Add(EndAsync(session, drained, "abandoned: the server is stopping"));
            }
        }
        try
        {
            Task.WaitAll([.. ends], ShutdownDrain);
        }
        catch (AggregateException e)
        {
            _log.LogWarning("pool sessions at shutdown: {Error}", e.InnerException?.Message);
        }
    }

    public void Dispose()
    {
        _sweeper.Dispose();
        _stopping.Dispose();
    }

    private async Task AbandonIdleAsync()
    {
        foreach (var session in _sessions.Values)
        {
            if (session.IdleLongerThan(_idleTimeout) && session.TryClose(cancelRequests: true, out var drained))
            {
                try
                {
                    await EndAsync(session, drained, $"abandoned: no request for {_idleTimeout.TotalSeconds:0} s").ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    // A timer callback has nobody to throw to: log, and the next tick goes on.
                    _log.LogWarning("pool session {Session}: abandoning failed: {Error}", session.Id, e.Message);
                }
            }
        }
    }
}
