using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace RuBackup.RustackSim.Tests;

/// <summary>The real simulator as a child process on a free port with its own state folder.</summary>
public sealed class SimProcess : IDisposable
{
    public static readonly string Root = FindRoot();
    private static readonly string Configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
    public static readonly string SimDll = Path.Combine(Root, "src/RuBackup.RustackSim/bin", Configuration, "net10.0/rustack-sim.dll");
    public static readonly string VirshDll = Path.Combine(Root, "src/RuBackup.VirshShim/bin", Configuration, "net10.0/virsh.dll");

    private Process? _process;

    public SimProcess(string stateDir, params string[] extra)
    {
        StateDir = stateDir;
        Extra = extra;
        Start();
    }

    public string StateDir { get; }
    public string[] Extra { get; }
    public string Url { get; private set; } = "";
    public string ProjectId { get; private set; } = "";
    public string BackupVmId { get; private set; } = "";
    public HttpClient Http { get; } = new();

    public void Start()
    {
        var simJson = Path.Combine(StateDir, "sim.json");
        Directory.CreateDirectory(StateDir);
        File.Delete(simJson);
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { SimDll, "serve", "--state", StateDir, "--op-delay-ms", "50" }, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in Extra)
        {
            start.ArgumentList.Add(arg);
        }
        _process = Process.Start(start)!;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(simJson))
        {
            Assert.False(_process.HasExited, "rustack-sim exited during start");
            Assert.True(DateTime.UtcNow < deadline, "rustack-sim did not start");
            Thread.Sleep(50);
        }
        var sim = JsonNode.Parse(File.ReadAllText(simJson))!;
        Url = sim["url"]!.GetValue<string>();
        ProjectId = sim["project_id"]!.GetValue<string>();
        BackupVmId = sim["backup_vm_id"]!.GetValue<string>();
    }

    /// <summary>SIGTERM, not Kill: the simulator must stop its qemu-ga children itself.</summary>
    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
            if (!_process.WaitForExit(10000))
            {
                _process.Kill();
            }
        }
        _process?.Dispose();
        _process = null;
    }

    public async Task<string> TokenAsync(bool admin = false)
    {
        var (user, password) = admin ? ("admin", "admin-secret") : ("rubackup", "rubackup-secret");
        var body = new JsonObject
        {
            ["auth"] = new JsonObject
            {
                ["identity"] = new JsonObject { ["methods"] = new JsonArray("password"), ["password"] = new JsonObject { ["user"] = new JsonObject { ["name"] = user, ["domain"] = new JsonObject { ["name"] = "default" }, ["password"] = password } } },
                ["scope"] = new JsonObject { ["project"] = new JsonObject { ["id"] = ProjectId } },
            },
        };
        using var response = await Http.PostAsJsonAsync(Url + "/v3/auth/tokens", body);
        Assert.Equal(201, (int)response.StatusCode);
        return response.Headers.GetValues("X-Subject-Token").Single();
    }

    public async Task<(int Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, string token, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, Url + path);
        request.Headers.Add("X-Auth-Token", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    public string Volumes => $"/volume/v3/{ProjectId}/volumes";
    public string Snapshots => $"/volume/v3/{ProjectId}/snapshots";

    public async Task<string> WaitStatusAsync(string path, string key, string token, string expected, int timeoutMs = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        string status = "";
        while (DateTime.UtcNow < deadline)
        {
            var (code, body) = await SendAsync(HttpMethod.Get, path, token);
            status = code == 404 ? "gone" : body![key]!["status"]!.GetValue<string>();
            if (status == expected)
            {
                return status;
            }
            await Task.Delay(20);
        }
        return status;
    }

    public void Dispose()
    {
        Stop();
        Http.Dispose();
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RuBackup.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}

/// <summary>One default-cloud simulator shared by the tests of the collection (start costs seconds).</summary>
public sealed class SharedSim : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rustack-sim-test-").FullName;

    public SharedSim() => Sim = new SimProcess(_dir);

    public SimProcess Sim { get; }

    public void Dispose()
    {
        Sim.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}

[CollectionDefinition("sim")]
public sealed class SimCollection : ICollectionFixture<SharedSim>;
