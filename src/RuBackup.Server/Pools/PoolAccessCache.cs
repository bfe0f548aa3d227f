using System.Collections.Concurrent;
using RuBackup.Repository.Remote.Server;

namespace RuBackup.Server.Pools;

/// <summary>What a backup task's pool access is built from, read from the catalog: the archives its client may see, and what its rule's volume limit leaves.</summary>
public sealed record BackupView(IReadOnlySet<string> Visible, PoolWriteBudget? Budget);

/// <summary>
/// A backup task's <see cref="BackupView"/>, kept a few seconds per task: the pool protocol asks on
/// every request (one per chunk batch), while both change only when an archive is committed or
/// deleted. A commit of the task itself forgets its entry at once.
/// </summary>
public sealed class PoolAccessCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<long, (DateTimeOffset At, BackupView View)> _entries = new();

    public async Task<BackupView> ViewAsync(long taskId, Func<Task<BackupView>> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(taskId, out var entry) && now - entry.At < Lifetime)
        {
            return entry.View;
        }
        var view = await load().ConfigureAwait(false);
        _entries[taskId] = (now, view);
        if (_entries.Count > 1000)
        {
            foreach (var (key, value) in _entries)
            {
                if (now - value.At >= Lifetime)
                {
                    _entries.TryRemove(key, out _);
                }
            }
        }
        return view;
    }

    public void Forget(long taskId) => _entries.TryRemove(taskId, out _);
}
