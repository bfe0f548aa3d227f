using System.Globalization;
using RuBackup.Repository.Engine;

namespace RuBackup.RustackModule;

/// <summary>
/// --progress: "progress DONE TOTAL" (bytes) on stderr about twice a second while the transfer runs,
/// and once more at the end. The client daemon reads these lines; every other stderr line is a log line.
/// Nothing is written before the transfer knows its total (snapshots and volumes are still being made).
/// </summary>
internal sealed class ProgressReporter : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    private readonly TextWriter _output;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Lock _gate = new();
    private bool _finished;

    private ProgressReporter(TextWriter output, TimeProvider time)
    {
        _output = output;
        _loop = RunAsync(time);
    }

    public TransferProgress Progress { get; } = new();

    /// <summary>Null when --progress was not given: callers pass <c>reporter?.Progress</c> along.</summary>
    public static ProgressReporter? Start(bool enabled, TextWriter? output = null, TimeProvider? time = null) =>
        enabled ? new ProgressReporter(output ?? Console.Error, time ?? TimeProvider.System) : null;

    /// <summary>Stops the ticks and writes the last line.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        lock (_gate)
        {
            if (!_finished)
            {
                _finished = true;
                Write();
            }
        }
        _stop.Dispose();
    }

    private async Task RunAsync(TimeProvider time)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                if (Progress.Total > 0)
                {
                    lock (_gate)
                    {
                        Write();
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Write() =>
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"progress {Progress.Done} {Progress.Total}"));
}
