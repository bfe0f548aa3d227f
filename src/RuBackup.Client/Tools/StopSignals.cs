using System.Runtime.InteropServices;

namespace RuBackup.Client.Tools;

/// <summary>
/// Ctrl-C and SIGTERM cancel <see cref="Token"/> instead of ending the process, so the program can
/// clean up first (a module's cloud resources, a temporary output file) and exit on its own.
/// </summary>
public sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration _term;

    public StopSignals()
    {
        Console.CancelKeyPress += OnCancelKeyPress;
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            _stop.Cancel();
        });
    }

    public CancellationToken Token => _stop.Token;

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        _stop.Cancel();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _term.Dispose();
        _stop.Dispose();
    }
}
