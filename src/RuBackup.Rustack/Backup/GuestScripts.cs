namespace RuBackup.Rustack.Backup;

public enum ScriptPhase
{
    Before,
    After,
}

/// <summary>
/// The scripts run inside the guest around the snapshots. A configured script (rule setting or
/// --script-before/--script-after) wins; otherwise /opt/rubackup/scripts/rustack.sh is run with
/// `before` or `after` when it exists and is executable in the guest; otherwise nothing runs. A VM
/// whose guest agent cannot be reached has no default script as far as we can tell: that is a warning
/// (the snapshot is then only crash-consistent), not a failed backup; a configured script must run.
/// </summary>
public sealed class GuestScripts(GuestAgent agent, string? before, string? after, ModuleLog log)
{
    public const string DefaultScript = "/opt/rubackup/scripts/rustack.sh";

    public TimeSpan ScriptTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Runs the phase's script; false when there was none. A non-zero exit throws.</summary>
    public async Task<bool> RunAsync(ScriptPhase phase, CancellationToken cancellationToken)
    {
        var configured = phase == ScriptPhase.Before ? before : after;
        var word = phase == ScriptPhase.Before ? "before" : "after";
        string path;
        string[] arguments;
        if (configured is not null)
        {
            path = configured;
            arguments = [];
        }
        else if (before is null && after is null && await DefaultExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            path = DefaultScript;
            arguments = [word];
        }
        else
        {
            return false;
        }
        log.Info($"guest script {word} snapshot: {path} {string.Join(' ', arguments)}".TrimEnd());
        var result = await agent.ExecAsync(path, arguments, ScriptTimeout, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            var detail = (result.Error.Trim().Length > 0 ? result.Error : result.Output).ReplaceLineEndings(" ").Trim();
            throw new GuestAgentException($"guest script {word} snapshot ({path}) exited with {result.ExitCode}{(detail.Length > 0 ? ": " + detail : "")}");
        }
        return true;
    }

    private bool _agentUnreachable;

    private async Task<bool> DefaultExistsAsync(CancellationToken cancellationToken)
    {
        if (_agentUnreachable)
        {
            return false;
        }
        try
        {
            var probe = await agent.ExecAsync("/bin/sh", ["-c", $"test -x {DefaultScript}"], TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            return probe.ExitCode == 0;
        }
        catch (GuestAgentException e)
        {
            _agentUnreachable = true;
            log.Warn($"the guest agent did not answer ({e.Message}): {DefaultScript} is not run, the snapshot is crash-consistent");
            return false;
        }
    }
}
