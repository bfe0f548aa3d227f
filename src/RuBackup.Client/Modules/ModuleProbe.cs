using System.Diagnostics;

namespace RuBackup.Client.Modules;

/// <summary>What the client found of a module at start: the binary exists and answers --version.</summary>
public sealed record ModuleProbe(string Type, string Path, bool Answers, string Detail)
{
    public static async Task<ModuleProbe> RunAsync(ModuleSettings settings, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var path = settings.ModulePath;
        if (!File.Exists(path))
        {
            return new ModuleProbe(settings.Type, path, false, "no such file");
        }
        if ((File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0)
        {
            return new ModuleProbe(settings.Type, path, false, "not executable");
        }
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--version");
        try
        {
            using var process = Process.Start(info)!;
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return new ModuleProbe(settings.Type, path, false, $"no answer to --version within {timeout.TotalSeconds:0} s");
            }
            var version = (await stdout.ConfigureAwait(false)).Trim().Split('\n')[0].Trim();
            if (process.ExitCode != 0)
            {
                var error = (await stderr.ConfigureAwait(false)).Trim().Split('\n')[^1].Trim();
                return new ModuleProbe(settings.Type, path, false, $"--version exited with {process.ExitCode}: {error}");
            }
            return new ModuleProbe(settings.Type, path, true, version.Length == 0 ? "version unknown" : "version " + version);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new ModuleProbe(settings.Type, path, false, e.Message);
        }
    }

    /// <summary>The start record: "modules found: rustack (/opt/rubackup/modules/rb_module_rustack, version 1.0.0)".</summary>
    public static string Describe(IReadOnlyList<ModuleProbe> probes)
    {
        ArgumentNullException.ThrowIfNull(probes);
        var found = probes.Where(p => p.Answers).Select(p => $"{p.Type} ({p.Path}, {p.Detail})").ToList();
        var missing = probes.Where(p => !p.Answers).Select(p => $"{p.Type}: {p.Path}: {p.Detail}").ToList();
        var text = "modules found: " + (found.Count == 0 ? "none" : string.Join(", ", found));
        return missing.Count == 0 ? text : $"{text}; not usable: {string.Join(", ", missing)}";
    }
}
