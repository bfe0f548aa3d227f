namespace RuBackup.EndToEnd.Tests;

/// <summary>
/// One backup client: its own RUBACKUP_ROOT (etc/, keys/, log/), the module's configuration for the
/// simulated cloud, and the real rubackup-client daemon. The tools (rb_archives, rb_tasks) run with
/// the same root, as they would on that machine.
/// </summary>
public sealed class ClientProcess : IDisposable
{
    private readonly Dictionary<string, string> _environment;
    private ChildProcess? _daemon;

    public ClientProcess(string root, string name, string serverUrl, SimProcess sim, bool centralizedRestore = true, string? backupVmId = null)
    {
        Root = root;
        Name = name;
        Directory.CreateDirectory(Path.Combine(root, "etc"));
        var moduleConfig = Path.Combine(root, "etc", "rb_module_rustack.conf");
        var simConfig = File.ReadAllLines(Path.Combine(sim.StateDir, "rb_module_rustack.conf"))
            .Select(l => backupVmId is not null && l.StartsWith("rubackup-vm-id ", StringComparison.Ordinal) ? "rubackup-vm-id " + backupVmId : l);
        File.WriteAllLines(moduleConfig, [.. simConfig, $"virsh {Programs.VirshApphost}"]);
        File.WriteAllLines(Path.Combine(root, "etc", "rubackup-client.conf"),
        [
            $"server {serverUrl}",
            $"name {name}",
            $"centralized_restore {(centralizedRestore ? "yes" : "no")}",
            $"module_path {Programs.ModuleApphost}",
            $"module_config {moduleConfig}",
            "poll_wait 5",
            // Short, so a VM that appears in the cloud reaches the server (and its strategies) within seconds.
            "resource_report_interval 10",
        ]);
        _environment = new() { ["RUBACKUP_ROOT"] = root, ["RUSTACK_SIM_STATE"] = sim.StateDir };
    }

    public string Root { get; }

    public string Name { get; }

    public string MasterKey => Path.Combine(Root, "keys", "master-key");

    public string LogFile => Path.Combine(Root, "log", "RuBackup.log");

    public string Output => _daemon?.Output ?? "";

    public void Start() => _daemon = ChildProcess.Start(Programs.Client, [], _environment);

    public void Stop()
    {
        _daemon?.Dispose();
        _daemon = null;
    }

    /// <summary>The machine dies: SIGKILL to the daemon and every process under it (the module), so nothing cleans up.</summary>
    public void Crash()
    {
        _daemon?.KillTree(); // kept: its output explains a failing test
    }

    public Task<ToolResult> ArchivesAsync(params string[] arguments) => ChildProcess.RunAsync(Programs.Archives, arguments, _environment);

    public Task<ToolResult> TasksAsync(params string[] arguments) => ChildProcess.RunAsync(Programs.Tasks, arguments, _environment);

    public void Dispose() => Stop();
}
