using RuBackup.Api;
using RuBackup.Client.Daemon;
using RuBackup.Client.Tasks;

namespace RuBackup.Client.Tests;

/// <summary>The daemon from start to stop against the in-test server and a fake module.</summary>
public sealed class ClientDaemonTests
{
    private static readonly TaskRunnerOptions Tuning = new()
    {
        ProgressInterval = TimeSpan.FromMilliseconds(200),
        LogFlushInterval = TimeSpan.FromMilliseconds(100),
        RetryFirst = TimeSpan.FromMilliseconds(100),
        RetryMax = TimeSpan.FromMilliseconds(500),
        ShutdownReportLimit = TimeSpan.FromSeconds(3),
    };

    private static TaskInfo Backup(long id) => new() { Id = id, Kind = TaskKind.Backup, State = TaskState.Assigned, Resource = "vm-1", BackupType = BackupKind.Full, Created = DateTimeOffset.UtcNow };

    private static readonly RuleSettings Rule = new() { Name = "r", Resource = "vm-1", Pool = "p", Schedule = "0 2 * * *" };

    [Fact]
    public async Task RunAsync_Authorized_LogsModulesRegistersReportsResourcesRunsTaskStopsCleanly()
    {
        await using var server = await FakeServer.StartAsync();
        using var root = new TestRoot();
        root.WriteConfig($"server {server.Url}\nname web-node\npoll_wait 1\nresource_report_interval 10\n");
        FakeModule.Write(root.ModulePath, FakeModule.Succeeds);
        server.Enqueue(Backup(21), Rule);
        using var stop = new CancellationTokenSource();
        var console = new StringWriter();

        var running = ClientDaemon.RunAsync(root.Paths, null, TextWriter.Synchronized(console), echo: false, stop.Token, Tuning);
        await WaitForAsync(() => !server.Finished.IsEmpty && !server.Resources.IsEmpty);
        await stop.CancelAsync();
        var exit = await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, exit);
        var log = File.ReadAllLines(root.Paths.LogFile);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO ", log[0]);
        Assert.Contains($"modules found: rustack ({root.ModulePath}, version fake-module 9.9)", log[0], StringComparison.Ordinal);
        Assert.EndsWith("INFO rubackup-client stopped", log[^1], StringComparison.Ordinal);
        Assert.Equal("1", File.ReadAllText(root.Paths.ClientIdFile).Trim());
        Assert.Equal("web-node", server.Registration!.Name);
        Assert.Equal(["rustack"], server.Registration.Modules);
        Assert.Equal((21L, new FinishReport(null, "arch-42")), Assert.Single(server.Finished));
        var resources = server.Resources.First();
        Assert.Equal("rustack", resources.Type);
        Assert.Equal(["vm-1", "vm-2"], resources.Resources.Select(r => r.Id));
        Assert.Equal("", console.ToString());
    }

    [Fact]
    public async Task RunAsync_Unauthorized_NoTaskUntilAuthorized()
    {
        await using var server = await FakeServer.StartAsync();
        server.Authorized = false;
        using var root = new TestRoot();
        root.WriteConfig($"server {server.Url}\nname web-node\npoll_wait 1\n");
        FakeModule.Write(root.ModulePath, FakeModule.Succeeds);
        server.Enqueue(Backup(22), Rule);
        using var stop = new CancellationTokenSource();

        var running = ClientDaemon.RunAsync(root.Paths, null, TextWriter.Null, echo: false, stop.Token, Tuning);
        await WaitForAsync(() => File.Exists(root.Paths.LogFile) && File.ReadAllText(root.Paths.LogFile).Contains("is not authorized", StringComparison.Ordinal));
        await Task.Delay(1500);
        var startedWhileUnauthorized = server.Started.Count;
        server.Authorized = true;
        await WaitForAsync(() => !server.Finished.IsEmpty);
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, startedWhileUnauthorized);
        var log = File.ReadAllText(root.Paths.LogFile);
        Assert.Contains("WARN this client gets no tasks until an administrator authorizes it (rb_admin clients authorize web-node)", log, StringComparison.Ordinal);
        Assert.Contains("WARN no tasks: client web-node is not authorized; waiting for an administrator to authorize this client", log, StringComparison.Ordinal);
        Assert.Contains("the server answers again: polling for tasks", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BadConfig_OneLineAndExit2()
    {
        using var root = new TestRoot();
        root.WriteConfig("server http://127.0.0.1:1\npoll_wait never\n");
        var console = new StringWriter();

        var exit = await ClientDaemon.RunAsync(root.Paths, null, console, echo: false, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Equal($"rubackup-client: error: {root.Paths.ConfigFile}:2: poll_wait: 'never' must be a whole number from 1 to 300{Environment.NewLine}", console.ToString());
        Assert.False(Directory.Exists(root.Paths.KeysFolder));
    }

    [Fact]
    public async Task RunAsync_MasterKeyReadableByOthers_RefusesToStart()
    {
        using var root = new TestRoot();
        root.WriteConfig("server http://127.0.0.1:1\n");
        Directory.CreateDirectory(root.Paths.KeysFolder);
        File.WriteAllBytes(root.Paths.MasterKey, new byte[32]);
        File.SetUnixFileMode(root.Paths.MasterKey, (UnixFileMode)0b110_100_100);
        var console = new StringWriter();

        var exit = await ClientDaemon.RunAsync(root.Paths, null, console, echo: false, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.StartsWith($"rubackup-client: error: refusing to start: master key {root.Paths.MasterKey}: mode 0644", console.ToString(), StringComparison.Ordinal);
        Assert.Contains("ERROR refusing to start", File.ReadAllText(root.Paths.LogFile), StringComparison.Ordinal);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var until = DateTimeOffset.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTimeOffset.UtcNow < until, "timed out waiting");
            await Task.Delay(50);
        }
    }
}
