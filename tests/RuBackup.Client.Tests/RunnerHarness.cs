using RuBackup.Client.Api;
using RuBackup.Client.Auth;
using RuBackup.Client.Keys;
using RuBackup.Client.Logging;
using RuBackup.Client.Tasks;

namespace RuBackup.Client.Tests;

/// <summary>What a task runner test needs: a client root, the in-test server, the registered client's API and its log.</summary>
public sealed class RunnerHarness : IAsyncDisposable
{
    /// <summary>The product's timings, shortened so failures and retries show within seconds.</summary>
    public static readonly TaskRunnerOptions Fast = new()
    {
        PollWait = TimeSpan.FromSeconds(1),
        ProgressInterval = TimeSpan.FromMilliseconds(500),
        LogFlushInterval = TimeSpan.FromMilliseconds(100),
        InterruptGrace = TimeSpan.FromSeconds(10),
        ServerUnreachableLimit = TimeSpan.FromSeconds(3),
        RetryFirst = TimeSpan.FromMilliseconds(100),
        RetryMax = TimeSpan.FromMilliseconds(400),
        ReportTimeout = TimeSpan.FromSeconds(2),
        ShutdownReportLimit = TimeSpan.FromSeconds(2),
    };

    private readonly ClientKeys _keys;
    private readonly ClientSession _session;

    private RunnerHarness(FakeServer server, TestRoot root, ClientKeys keys, RuBackupApiClient api, ClientSession session)
    {
        Server = server;
        Root = root;
        _keys = keys;
        Api = api;
        _session = session;
        Log = new ClientLog(root.Paths.LogFile, TextWriter.Synchronized(new StringWriter()));
    }

    public TestRoot Root { get; }

    /// <summary>Settable: a test that takes the server away starts another for the disposal.</summary>
    public FakeServer Server { get; set; }

    public RuBackupApiClient Api { get; }

    public ClientLog Log { get; }

    public static async Task<RunnerHarness> StartAsync()
    {
        var root = new TestRoot();
        var server = await FakeServer.StartAsync();
        var keys = ClientKeys.LoadOrCreate(root.Paths);
        var api = new RuBackupApiClient(server.Url);
        var session = new ClientSession(api, keys);
        var harness = new RunnerHarness(server, root, keys, api, session);
        await session.RegisterAsync(new ClientIdentity("web-node", "h", ["rustack"], true, "1"), CancellationToken.None);
        return harness;
    }

    public TaskRunner Runner(TaskRunnerOptions? options = null) => new(Api, Root.ModuleSettings, options ?? Fast, Log);

    public async ValueTask DisposeAsync()
    {
        Log.Dispose();
        _session.Dispose();
        Api.Dispose();
        _keys.Dispose();
        await Server.DisposeAsync();
        Root.Dispose();
    }
}
