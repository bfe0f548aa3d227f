using System.Diagnostics;
using System.Globalization;

namespace RuBackup.RustackSim.Services;

/// <summary>
/// Runs a real qemu-ga per VM with guest_agent: true, each in its own mount namespace where
/// /opt/rubackup is that VM's folder, so guest scripts and guest-exec act on "the guest", never on the
/// host. Freeze/thaw/suspend/shutdown are blocked: on this host they would hit the host's file systems.
/// </summary>
public sealed class GuestAgentSupervisor(CloudStore store, SimOptions options, ILogger<GuestAgentSupervisor> logger) : IHostedService
{
    public const string BlockedRpcs =
        "guest-fsfreeze-freeze,guest-fsfreeze-freeze-list,guest-fsfreeze-thaw,guest-suspend-disk,guest-suspend-ram,guest-suspend-hybrid,guest-shutdown";

    private const string DefaultScript = """
        #!/bin/sh
        # Guest script of the simulated VM: logs its arguments where tests can read them.
        echo "$(date +%s) $*" >> /opt/rubackup/scripts/rustack.log
        """;

    private readonly List<Process> _agents = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var servers = store.Read(s => s.Servers.Select(v => (v.Name, v.Host, v.InstanceName, v.GuestAgent)).ToList());
        foreach (var (name, host, instance, agent) in servers)
        {
            var vmDir = Path.Combine(options.VmsDir, name);
            var socket = Path.Combine(vmDir, "qga.sock");
            var hostDir = Path.Combine(options.HypervisorsDir, host);
            Directory.CreateDirectory(hostDir);
            var link = Path.Combine(hostDir, instance + ".sock");
            File.Delete(link);
            File.CreateSymbolicLink(link, socket);
            if (!agent || !options.GuestAgents)
            {
                continue;
            }
            Directory.CreateDirectory(vmDir);
            KillStale(vmDir);
            File.Delete(socket);
            var guest = Path.Combine(vmDir, "guest", "opt", "rubackup");
            Directory.CreateDirectory(Path.Combine(guest, "scripts"));
            var script = Path.Combine(guest, "scripts", "rustack.sh");
            if (!File.Exists(script))
            {
                await File.WriteAllTextAsync(script, DefaultScript + "\n", cancellationToken).ConfigureAwait(false);
                File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
            }
            var stateDir = Path.Combine(vmDir, "qga-state");
            Directory.CreateDirectory(stateDir);
            // The mount point must exist on the host; the bind mount itself stays in the namespace.
            Directory.CreateDirectory("/opt/rubackup");
            var start = new ProcessStartInfo("unshare")
            {
                ArgumentList =
                {
                    "-m", "--propagation", "private", "--", "/bin/sh", "-c",
                    "mount --bind \"$1\" /opt/rubackup && exec qemu-ga -m unix-listen -p \"$2\" -t \"$3\" -f \"$4\" --block-rpcs=\"$5\"",
                    "sh", guest, socket, stateDir, Path.Combine(vmDir, "qga-agent.pid"), BlockedRpcs,
                },
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start unshare");
            process.OutputDataReceived += (_, e) => { };
            process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) { logger.LogInformation("qemu-ga {Vm}: {Line}", name, e.Data); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _agents.Add(process);
            await File.WriteAllTextAsync(Path.Combine(vmDir, "qga.pid"), process.Id.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            await WaitForSocketAsync(socket, process, name, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var process in _agents)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill();
                    process.WaitForExit(2000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            process.Dispose();
        }
        _agents.Clear();
        return Task.CompletedTask;
    }

    private static async Task WaitForSocketAsync(string socket, Process process, string name, CancellationToken ct)
    {
        for (var i = 0; i < 200 && !File.Exists(socket); i++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"qemu-ga of {name} exited with {process.ExitCode} (needs root for unshare -m)");
            }
            await Task.Delay(25, ct).ConfigureAwait(false);
        }
    }

    /// <summary>An agent left by a killed simulator still holds the socket: kill it if it is really ours.</summary>
    private void KillStale(string vmDir)
    {
        var pidFile = Path.Combine(vmDir, "qga.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile), CultureInfo.InvariantCulture, out var pid))
        {
            return;
        }
        try
        {
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline");
            if (cmdline.Contains("qemu-ga", StringComparison.Ordinal) && cmdline.Contains(vmDir, StringComparison.Ordinal))
            {
                using var stale = Process.GetProcessById(pid);
                stale.Kill();
                stale.WaitForExit(2000);
                logger.LogInformation("killed stale qemu-ga {Pid}", pid);
            }
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or UnauthorizedAccessException)
        {
            // No such process any more.
        }
    }
}
