namespace RuBackup.Rbm.Components;

/// <summary>
/// Runs a page's refresh every interval while the page is shown (the task queue, the notice of waiting
/// clients): this is how pages update without a reload. A failed round is the refresh's own business
/// (it shows the error); rounds never overlap; disposing the page stops it.
/// </summary>
public sealed class LiveRefresh : IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    private LiveRefresh()
    {
    }

    public static LiveRefresh Start(TimeSpan interval, Func<CancellationToken, Task> round)
    {
        ArgumentNullException.ThrowIfNull(round);
        var refresh = new LiveRefresh();
        _ = refresh.RunAsync(interval, round);
        return refresh;
    }

    private async Task RunAsync(TimeSpan interval, Func<CancellationToken, Task> round)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                await round(_stop.Token).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Disposed with its page.
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away mid-round.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
