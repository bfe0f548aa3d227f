using RuBackup.Api;
using RuBackup.Client.Api;

namespace RuBackup.EndToEnd.Tests;

/// <summary>
/// The whole system for one test: the RUSTACK simulator, the real server on the chosen catalog, an
/// administrator signed in through the typed API client, and as many real clients as the test adds.
/// </summary>
public sealed class SystemRun : IAsyncDisposable
{
    private readonly string _dir;
    private readonly List<ClientProcess> _clients = [];

    private SystemRun(string dir, SimProcess sim, ServerProcess server, RuBackupApiClient admin)
    {
        _dir = dir;
        Sim = sim;
        Server = server;
        Admin = admin;
    }

    public SimProcess Sim { get; }

    public ServerProcess Server { get; }

    public RuBackupApiClient Admin { get; }

    public static Task<SystemRun> StartAsync(CatalogKind catalog, params string[] simArguments) => StartAsync(catalog, [], simArguments);

    /// <param name="serverArguments">Added to the server's command line (e.g. --task-lease 6s).</param>
    public static async Task<SystemRun> StartAsync(CatalogKind catalog, IReadOnlyList<string> serverArguments, params string[] simArguments)
    {
        var dir = Directory.CreateTempSubdirectory("rb-e2e-").FullName;
        var sim = new SimProcess(Path.Combine(dir, "sim"), simArguments);
        var server = await ServerProcess.StartAsync(Path.Combine(dir, "server"), catalog, serverArguments);
        var admin = await LoginAsync(server.Url, "rubackup", ServerProcess.AdminPassword);
        return new SystemRun(dir, sim, server, admin);
    }

    public static async Task<RuBackupApiClient> LoginAsync(string url, string user, string password)
    {
        using var anonymous = new RuBackupApiClient(new Uri(url));
        var token = await anonymous.LoginAsync(new LoginRequest(user, password));
        return new RuBackupApiClient(new Uri(url), tokens: new StaticToken(token.Token));
    }

    /// <summary>After a server restart the administrator signs in again only if tokens did not survive (they do: they are in the catalog).</summary>
    public async Task RestartServerAsync(bool kill)
    {
        if (kill)
        {
            Server.Kill();
        }
        else
        {
            Server.Stop();
        }
        await Server.StartAsync();
    }

    /// <summary>Starts a client daemon; it registers itself and waits to be authorized.</summary>
    /// <param name="backupVmId">The client's own backup VM (rubackup-vm-id); the simulator's first one when null.</param>
    public async Task<(ClientProcess Process, ClientInfo Info)> AddClientAsync(string name, bool authorize = true, bool centralizedRestore = true, string? backupVmId = null)
    {
        var client = new ClientProcess(Path.Combine(_dir, "client-" + name), name, Server.Url, Sim, centralizedRestore, backupVmId);
        _clients.Add(client);
        client.Start();
        var info = await EventuallyAsync(async () => (await Admin.ListClientsAsync()).SingleOrDefault(c => c.Name == name), $"client {name} registered", () => client.Output);
        if (authorize)
        {
            info = await Admin.AuthorizeClientAsync(info.Id);
        }
        return (client, info);
    }

    public async Task<PoolInfo> AddPoolAsync(string name, PoolKind kind) => await Admin.CreatePoolAsync(new CreatePoolRequest(name, kind));

    /// <summary>A rule for one VM of the simulator, in status wait so only "run now" starts it.</summary>
    /// <param name="scriptAfterBackup">The rule's post-backup script on the client host, if any.</param>
    public async Task<RuleInfo> AddRuleAsync(string client, string vmName, string pool, BackupKind type = BackupKind.Full, string encryption = "nocrypt",
        string? scriptAfterBackup = null)
    {
        var vm = await VmIdAsync(vmName);
        return await Admin.CreateRuleAsync(new RuleSettings
        {
            Name = $"{client}-{vmName}-{pool}",
            Client = client,
            Resource = vm,
            ResourceName = vmName,
            Pool = pool,
            BackupType = type,
            Schedule = "0 3 * * *",
            Encryption = encryption,
            ScriptAfterBackup = scriptAfterBackup,
            EnableAfterCreation = false,
        });
    }

    public async Task<string> VmIdAsync(string vmName)
    {
        var state = await Sim.Http.GetStringAsync(Sim.Url + "/sim/state");
        var servers = System.Text.Json.Nodes.JsonNode.Parse(state)!["servers"]!.AsArray();
        return servers.Single(s => s!["name"]!.GetValue<string>() == vmName)!["id"]!.GetValue<string>();
    }

    /// <summary>Waits for a terminal state; fails with the task's log when it is not Done and <paramref name="expectDone"/>.</summary>
    public async Task<TaskInfo> WaitTaskAsync(long id, bool expectDone = true, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(3));
        while (true)
        {
            var task = await Admin.GetTaskAsync(id);
            if (task.State is TaskState.Done or TaskState.Error or TaskState.Cancelled)
            {
                if (expectDone && task.State != TaskState.Done)
                {
                    var log = await Admin.GetTaskLogAsync(id);
                    Assert.Fail($"task {id} ended {task.State}: {task.Error}\n{string.Join('\n', log.Select(l => l.Message))}\n--- clients\n{string.Join('\n', _clients.Select(c => c.Output))}");
                }
                return task;
            }
            Assert.True(DateTime.UtcNow < deadline, $"task {id} still {task.State} after the timeout\n--- clients\n{string.Join('\n', _clients.Select(c => c.Output))}");
            await Task.Delay(200);
        }
    }

    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what, Func<string>? context = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for: {what}\n{context?.Invoke()}");
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        Admin.Dispose();
        await Server.DisposeAsync();
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
