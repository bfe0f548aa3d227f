using RuBackup.Client.Api;
using RuBackup.Client.Auth;
using RuBackup.Client.Config;
using RuBackup.Client.Keys;
using RuBackup.Client.Tools;

namespace RuBackup.Client.Tests;

/// <summary>Runs a tool in-process with captured output, a temporary root and home, and the in-test server.</summary>
public sealed class ToolHarness : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    private ToolHarness(FakeServer server, TestRoot root)
    {
        Server = server;
        Root = root;
        Home = Path.Combine(root.Folder, "home");
        Directory.CreateDirectory(Home);
        _environment[ClientPaths.RootVariable] = root.Folder;
    }

    public FakeServer Server { get; }

    public TestRoot Root { get; }

    public string Home { get; }

    public string Out { get; private set; } = "";

    public string Error { get; private set; } = "";

    public static async Task<ToolHarness> StartAsync() => new(await FakeServer.StartAsync(), new TestRoot());

    /// <summary>What the daemon leaves on a client: config, keys, and the id from a registration with the server.</summary>
    public async Task RegisterClientAsync()
    {
        Root.WriteConfig($"server {Server.Url}\nname web-node\n");
        using var keys = ClientKeys.LoadOrCreate(Root.Paths);
        using var api = new RuBackupApiClient(Server.Url);
        using var session = new ClientSession(api, keys) { Registered = id => ClientIdFile.Write(Root.Paths, id) };
        await session.RegisterAsync(new ClientIdentity("web-node", "h", ["rustack"], true, "1"), CancellationToken.None);
    }

    public ToolHarness Set(string name, string? value)
    {
        if (value is null)
        {
            _environment.Remove(name);
        }
        else
        {
            _environment[name] = value;
        }
        return this;
    }

    public async Task<int> RunAsync(Func<string[], ToolContext, CancellationToken, Task<int>> tool, params string[] args) =>
        await RunAsync(tool, CancellationToken.None, args);

    public async Task<int> RunAsync(Func<string[], ToolContext, CancellationToken, Task<int>> tool, CancellationToken cancellationToken, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new ToolContext
        {
            Out = TextWriter.Synchronized(output),
            Error = TextWriter.Synchronized(error),
            In = new StringReader(""),
            Environment = name => _environment.GetValueOrDefault(name),
            HomeFolder = Home,
            CurrentFolder = "/work/here",
            PollInterval = TimeSpan.FromMilliseconds(50),
        };
        var exit = await tool(args, context, cancellationToken);
        Out = output.ToString();
        Error = error.ToString();
        return exit;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Root.Dispose();
    }
}
