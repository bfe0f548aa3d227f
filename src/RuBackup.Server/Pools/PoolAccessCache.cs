using System.Collections.Concurrent;

namespace RuBackup.Server.Pools;

/// <summary>
/// The archives a task's client may see in its pool, kept a few seconds per task: the pool protocol
/// asks on every request (one per chunk), while the set changes only when an archive is committed or
/// deleted. A commit of the task itself forgets its entry at once.
/// </summary>
public sealed class PoolAccessCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<long, (DateTimeOffset At, IReadOnlySet<string> Visible)> _entries = new();

    public async Task<IReadOnlySet<string>> VisibleAsync(long taskId, Func<Task<IReadOnlySet<string>>> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(taskId, out var entry) && now - entry.At < Lifetime)
        {
            return entry.Visible;
        }
        var visible = await load().ConfigureAwait(false);
        _entries[taskId] = (now, visible);
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
        return visible;
    }

    public void Forget(long taskId) => _entries.TryRemove(taskId, out _);
}
