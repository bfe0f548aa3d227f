namespace RuBackup.Server.Hosting;

/// <summary>
/// Keeps the rounds of one periodic work from overlapping: its runner and a manual caller (an API
/// request, a test) may both start one, and two rounds would both find the same work due and do it twice.
/// </summary>
public sealed class RoundGate : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<T> RunAsync<T>(Func<Task<T>> round, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(round);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await round().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task RunAsync(Func<Task> round, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(round);
        await RunAsync(async () =>
        {
            await round().ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _gate.Dispose();
}
