using System.Diagnostics;
using RuBackup.Client.Tools;

namespace RuBackup.Tools.Manager;

/// <summary>
/// Opens a URL in the desktop's browser with xdg-open, when there is a desktop: a display (X11 or
/// Wayland) and xdg-open on PATH. Without one (a server over ssh) the caller prints the URL instead.
/// </summary>
public static class BrowserLauncher
{
    public const string Opener = "xdg-open";

    /// <summary>
    /// xdg-open usually returns once the browser has the URL, but its generic fallback runs a new browser
    /// in the foreground: after this long a still-running opener counts as opened, and is left running.
    /// </summary>
    private static readonly TimeSpan OpenerWait = TimeSpan.FromSeconds(10);

    /// <summary>The xdg-open to run, or null when there is no desktop to open a browser on.</summary>
    public static string? FindOpener(ToolContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var display = context.Environment("DISPLAY") is { Length: > 0 } || context.Environment("WAYLAND_DISPLAY") is { Length: > 0 };
        if (!display)
        {
            return null;
        }
        foreach (var folder in (context.Environment("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, Opener);
            if (File.Exists(candidate) && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>Runs the opener; false (with the reason) when it could not start or said it failed.</summary>
    public static async Task<(bool Opened, string? Problem)> OpenAsync(string opener, string url, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(opener) { UseShellExecute = false };
        info.ArgumentList.Add(url);
        Process? process;
        try
        {
            process = Process.Start(info);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (false, $"{opener}: {e.Message}");
        }
        if (process is null)
        {
            return (false, $"{opener} did not start");
        }
        using (process)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(OpenerWait);
            try
            {
                await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return (true, null);
            }
            return process.ExitCode == 0 ? (true, null) : (false, $"{opener} exited with {process.ExitCode}");
        }
    }
}
