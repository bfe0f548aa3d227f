using System.Net;
using System.Net.Sockets;

namespace RuBackup.EndToEnd.Tests;

/// <summary>Which catalog a run uses: the default SQLite file, or a fresh PostgreSQL database.</summary>
public enum CatalogKind
{
    Sqlite,
    Postgres,
}

/// <summary>The real rubackup-server as a child process on a free loopback port.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    public const string AdminPassword = "rubackup-e2e-secret";
    private readonly Dictionary<string, string> _environment;
    private readonly List<string> _arguments;
    private ChildProcess? _process;

    private ServerProcess(string root, string url, List<string> arguments, PostgresTestDatabase? database)
    {
        Root = root;
        Url = url;
        _arguments = arguments;
        Database = database;
        _environment = new() { ["RUBACKUP_ROOT"] = root, ["RUBACKUP_ADMIN_PASSWORD"] = AdminPassword };
    }

    public string Root { get; }

    public string Url { get; }

    public string DataFolder => Path.Combine(Root, "var", "server");

    internal PostgresTestDatabase? Database { get; }

    public string Output => _process?.Output ?? "";

    public static async Task<ServerProcess> StartAsync(string root, CatalogKind catalog, IReadOnlyList<string>? extraArguments = null)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var arguments = new List<string> { "--listen", url, "--password-iterations", "1000" };
        arguments.AddRange(extraArguments ?? []);
        PostgresTestDatabase? database = null;
        if (catalog == CatalogKind.Postgres)
        {
            database = await PostgresTestDatabase.CreateAsync();
            arguments.AddRange(["--catalog", "postgresql", "--catalog-connection", database.ConnectionString]);
        }
        var server = new ServerProcess(root, url, arguments, database);
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts (again) and waits until the API answers.</summary>
    public async Task StartAsync()
    {
        _process = ChildProcess.Start(Programs.Server, _arguments, _environment);
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            Assert.False(_process.HasExited, "rubackup-server exited during start:\n" + _process.Output);
            Assert.True(DateTime.UtcNow < deadline, "rubackup-server did not start:\n" + _process.Output);
            try
            {
                using var response = await http.GetAsync(Url + "/openapi/v1.json");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: the crash the recovery tests need.</summary>
    public void Kill()
    {
        _process?.Stop(kill: true);
        _process?.Dispose();
        _process = null;
    }

    public void Stop()
    {
        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        Stop();
        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
