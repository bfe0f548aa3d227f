using System.Diagnostics;
using System.Text.Json.Nodes;

namespace RuBackup.RustackModule.Tests;

public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>
/// A simulated cloud plus everything a module run needs: its own RuBackup root, a configuration
/// written by the simulator with the virsh shim's path added, and helpers to run the real
/// rb_module_rustack and rb_repo binaries as child processes.
/// </summary>
public sealed class ModuleRun : IDisposable
{
    private static readonly string Configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
    public static readonly string ModuleDll = Path.Combine(SimProcess.Root, "src/rb_module_rustack/bin", Configuration, "net10.0/rb_module_rustack.dll");
    public static readonly string RepoDll = Path.Combine(SimProcess.Root, "src/rb_repo/bin", Configuration, "net10.0/rb_repo.dll");
    public static readonly string VirshApphost = Path.Combine(SimProcess.Root, "src/RuBackup.VirshShim/bin", Configuration, "net10.0/virsh");

    private readonly string _dir = Directory.CreateTempSubdirectory("rb-module-e2e-").FullName;

    public ModuleRun(params string[] simArguments)
    {
        Sim = new SimProcess(Path.Combine(_dir, "sim"), simArguments);
        RubackupRoot = Path.Combine(_dir, "rubackup");
        Directory.CreateDirectory(RubackupRoot);
        ConfigPath = Path.Combine(_dir, "rb_module_rustack.conf");
        WriteConfig();
    }

    public SimProcess Sim { get; }

    /// <summary>The client's RUBACKUP_ROOT (run registry, logs) for this test.</summary>
    public string RubackupRoot { get; }

    public string ConfigPath { get; }

    /// <summary>Extra environment of module runs (a pool token); a null value removes the variable.</summary>
    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal)
    {
        ["RUBACKUP_POOL_TOKEN"] = null,
        ["RUBACKUP_SERVER_CA"] = null,
    };

    public string Folder(string name)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Rewrites the configuration from the simulator's, then applies overrides (value null removes the key).</summary>
    public void WriteConfig(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var lines = File.ReadAllLines(Path.Combine(Sim.StateDir, "rb_module_rustack.conf")).ToList();
        lines.Add($"virsh {VirshApphost}");
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            lines.RemoveAll(l => l.Split(' ', 2)[0] == key);
            if (value is not null)
            {
                lines.Add(value.Length == 0 ? key : $"{key} {value}");
            }
        }
        File.WriteAllLines(ConfigPath, lines);
    }

    public Task<ProcessResult> ModuleAsync(params string[] arguments) => RunAsync(ModuleDll, ["-c", ConfigPath, .. arguments]);

    public Task<ProcessResult> RepoAsync(params string[] arguments) => RunAsync(RepoDll, arguments);

    /// <summary>Starts the module without waiting (for kill tests).</summary>
    public Process StartModule(params string[] arguments) => Process.Start(StartInfo(ModuleDll, ["-c", ConfigPath, .. arguments]))!;

    /// <summary>The simulator's view of servers, volumes, snapshots and attachments.</summary>
    public async Task<JsonNode> CloudStateAsync() => JsonNode.Parse(await Sim.Http.GetStringAsync(Sim.Url + "/sim/state"))!;

    /// <summary>Volumes, snapshots and attachments the module marked temporary: must be none after any run.</summary>
    public async Task<IReadOnlyList<string>> TemporaryLeftoversAsync()
    {
        var state = await CloudStateAsync();
        var found = new List<string>();
        foreach (var kind in new[] { "volumes", "snapshots" })
        {
            foreach (var item in state[kind]!.AsArray())
            {
                var name = item!["name"]?.GetValue<string>() ?? "";
                var temporary = item["metadata"]?["rubackup_temporary"]?.GetValue<string>() == "true";
                if (temporary || name.StartsWith("rubackup-tmp-", StringComparison.Ordinal))
                {
                    found.Add($"{kind}: {name} ({item["status"]})");
                }
            }
        }
        var backupVmAttachments = state["attachments"]!.AsArray()
            .Where(a => a!["server_id"]?.GetValue<string>() == Sim.BackupVmId)
            .Select(a => $"attachment: {a}");
        found.AddRange(backupVmAttachments.Where(a => !a.Contains(BackupVmOwnDisk(state), StringComparison.Ordinal)));
        return found;
    }

    private string BackupVmOwnDisk(JsonNode state) =>
        state["volumes"]!.AsArray().FirstOrDefault(v => v!["name"]?.GetValue<string>() == "rubackup-vm-disk0")?["id"]?.GetValue<string>() ?? "none";

    private async Task<ProcessResult> RunAsync(string dll, string[] arguments)
    {
        using var process = Process.Start(StartInfo(dll, arguments))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    private ProcessStartInfo StartInfo(string dll, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["RUBACKUP_ROOT"] = RubackupRoot;
        start.Environment["RUSTACK_SIM_STATE"] = Sim.StateDir;
        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }
        return start;
    }

    public void Dispose()
    {
        Sim.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A qemu-ga mount namespace may hold a file for a moment; the temp folder is harmless.
        }
    }
}
