using Microsoft.AspNetCore.Components;
using MudBlazor;
using RuBackup.Client.Api;
using RuBackup.Rbm.Session;
using RuBackup.Rbm.Text;

namespace RuBackup.Rbm.Components;

/// <summary>
/// The base of every page and dialog: the session, its texts, and one way to call the API. A refused
/// call shows the server's one-line message in a snackbar; the page's data stays as it was.
/// </summary>
public abstract class RbmPage : ComponentBase, IDisposable
{
    private LiveRefresh? _live;

    [Inject]
    protected RbmContext Context { get; set; } = default!;

    [Inject]
    protected ISnackbar Snackbar { get; set; } = default!;

    protected UiText T => Context.T;

    protected RuBackupApiClient Api => Context.Api;

    /// <summary>Runs <paramref name="action"/>; on an ApiException shows its message and returns false.</summary>
    protected async Task<bool> CallAsync(Func<Task> action, string? success = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            await action();
            if (success is not null)
            {
                Snackbar.Add(success, Severity.Success);
            }
            return true;
        }
        catch (ApiException e)
        {
            Snackbar.Add(e.Message, Severity.Error);
            return false;
        }
    }

    /// <summary>Refreshes the page every <paramref name="interval"/> while it is shown (first round at once).</summary>
    protected void StartLive(TimeSpan interval, Func<CancellationToken, Task> round)
    {
        _live?.Dispose();
        _live = LiveRefresh.Start(interval, async ct =>
        {
            try
            {
                await round(ct);
                await InvokeAsync(StateHasChanged);
            }
            catch (ApiException)
            {
                // A missed round: the next one asks again.
            }
        });
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _live?.Dispose();
        }
    }
}
