namespace RuBackup.Rustack.Backup;

/// <summary>
/// Undo actions for everything a run created, run last-in first-out (detach before delete, volume
/// before the snapshot it came from). Cleanup runs even after Ctrl-C: it ignores the run's
/// cancellation and is bounded by its own deadline, and one failing action does not stop the rest.
/// </summary>
public sealed class CleanupStack
{
    private readonly Stack<(string What, Func<CancellationToken, Task> Undo)> _actions = new();

    public int Count => _actions.Count;

    public void Push(string what, Func<CancellationToken, Task> undo) => _actions.Push((what, undo));

    /// <summary>Runs every action; returns the failures as one line each ("what: reason").</summary>
    public async Task<IReadOnlyList<string>> RunAsync(TimeSpan deadline, ModuleLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        using var limit = new CancellationTokenSource(deadline);
        var failures = new List<string>();
        while (_actions.Count > 0)
        {
            var (what, undo) = _actions.Pop();
            try
            {
                log.Info("cleanup: " + what);
                await undo(limit.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Cleanup must go on whatever one action throws; each failure is reported.
            catch (Exception e)
#pragma warning restore CA1031
            {
                var line = $"cleanup: {what}: {e.Message}";
                failures.Add(line);
                log.Warn(line);
            }
        }
        return failures;
    }
}
