using System.Text.Json;
using RuBackup.Api;
using RuBackup.Client.Api;
using RuBackup.Tools.Archives;

namespace RuBackup.Client.Tests;

public sealed class ArchivesToolTests
{
    private static readonly ArchiveInfo Full = new()
    {
        Id = "A1", ClientId = 1, ClientName = "web-node", Pool = "dedup-1", ResourceType = "rustack", Resource = "vm-1", ResourceName = "web-1",
        Type = BackupKind.Full, Chain = ["A1"], Created = new DateTimeOffset(2025, 5, 1, 2, 0, 0, TimeSpan.Zero), SourceBytes = 2L << 30, StoredBytes = 1L << 30, Status = "ok",
    };

    private static readonly ArchiveInfo Incremental = Full with { Id = "A2", Type = BackupKind.Incremental, Base = "A1", Chain = ["A1", "A2"], StoredBytes = 5L << 20 };

    private static TaskInfo Restore(TaskState state, long done = 0, string? error = null) => new()
    {
        Id = 31, Kind = TaskKind.Restore, State = state, ArchiveId = "A2", BytesDone = done, BytesTotal = 100, Error = error, Created = DateTimeOffset.UtcNow,
    };

    [Fact]
    public async Task List_Json_TheClientsArchives()
    {
        await using var h = await ToolHarness.StartAsync();
        await h.RegisterClientAsync();
        h.Server.On("GET", ApiRoutes.ClientArchives, new[] { Incremental, Full });

        var exit = await h.RunAsync(ArchivesTool.RunAsync, "--json");

        Assert.Equal(0, exit);
        var archives = JsonSerializer.Deserialize<List<ArchiveInfo>>(h.Out, ApiJson.Options)!;
        Assert.Equal(["A2", "A1"], archives.Select(a => a.Id));
        Assert.StartsWith("Bearer client-token-", h.Server.RequestsTo("GET", ApiRoutes.ClientArchives).Single().Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Text_ColumnsWithChain()
    {
        await using var h = await ToolHarness.StartAsync();
        await h.RegisterClientAsync();
        h.Server.On("GET", ApiRoutes.ClientArchives, new[] { Incremental, Full });

        var exit = await h.RunAsync(ArchivesTool.RunAsync);

        Assert.Equal(0, exit);
        var lines = h.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToList();
        Assert.Matches(@"^ID\s+RESOURCE\s+TYPE\s+CREATED\s+SIZE\s+STORED\s+POOL\s+STATUS\s+CHAIN$", lines[0]);
        Assert.Matches(@"^A2\s+web-1 \(vm-1\)\s+incremental\s+2025-05-01 02:00:00Z\s+2\.0 GiB\s+5\.0 MiB\s+dedup-1\s+ok\s+A1$", lines[1]);
        Assert.Matches(@"^A1\s+.*\s+full\s+.*\s+ok\s+-$", lines[2]);
    }

    [Fact]
    public async Task FolderRestore_RelativeDirNoWait_AbsoluteTargetAndTaskId()
    {
        await using var h = await ToolHarness.StartAsync();
        await h.RegisterClientAsync();
        h.Server.On("POST", ApiRoutes.ClientArchives + "/A2/restore", Restore(TaskState.New));

        var exit = await h.RunAsync(ArchivesTool.RunAsync, "-X", "A2", "-d", "out", "--no-wait");

        Assert.Equal(0, exit);
        Assert.Equal("31", h.Out.Trim());
        Assert.Equal(new RestoreRequest(RestoreMode.Folder, "/work/here/out"), h.Server.RequestsTo("POST", ApiRoutes.ClientArchives + "/A2/restore").Single().Json<RestoreRequest>());
    }

    [Fact]
    public async Task FolderRestore_NoDir_DefaultsUnderTheRoot()
    {
        await using var h = await ToolHarness.StartAsync();
        await h.RegisterClientAsync();
        h.Server.On("POST", ApiRoutes.ClientArchives + "/A2/restore", Restore(TaskState.New));

        var exit = await h.RunAsync(ArchivesTool.RunAsync, "-X", "A2", "--no-wait", "--json");

        Assert.Equal(0, exit);
        Assert.Equal(31, JsonSerializer.Deserialize<TaskInfo>(h.Out, ApiJson.Options)!.Id);
        Assert.Equal(Path.Combine(h.Root.Folder, "restore", "A2"), h.Server.RequestsTo("POST", ApiRoutes.ClientArchives + "/A2/restore").Single().Json<RestoreRequest>().Target);
    }

    [Fact]
    public async Task DeployRestore_Waits_PlainProgressLinesThenDoneExit0()
    {
        await using var h = await ToolHarness.StartAsync();
        await h.RegisterClientAsync();
        h.Server.On("POST", ApiRoutes.ClientArchives + "/A2/restore", Restore(TaskState.New));
        var polls = 0;
        h.Server.On("GET", ApiRoutes.ClientTasks + "/31", _ => (200, Interlocked.Increment(ref polls) switch
        {
            1 => Restore(TaskState.Executing, 50),
            2 => Restore(TaskState.Executing, 50),
            _ => Restore(TaskState.Done, 100),
        }));

        var exit = await h.RunAsync(ArchivesTool.RunAsync, "-x", "A2");

        Assert.Equal(0, exit);
        Assert.Equal(RestoreMode.Deploy, h.Server.RequestsTo("POST", ApiRoutes.ClientArchives + "/A2/restore").Single().Json<RestoreRequest>().Mode);
        var lines = h.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("task 31: restore of A2 by deployment", lines[0]);
        Assert.Contains("task 31 (restore): executing 50% (50 B of 100 B)", lines);
        Assert.Equal("task 31: done (archive A2)", lines[^1]);
    }

    [Fact]
    public async Task DeployRestore_TaskEndsInError_Exit1WithTheError()
    {
        await using var h = await ToolHarness.StartAsync();
        await h.RegisterClientAsync();
        h.Server.On("POST", ApiRoutes.ClientArchives + "/A2/restore", Restore(TaskState.New));
        h.Server.On("GET", ApiRoutes.ClientTasks + "/31", Restore(TaskState.Error, error: "flavor m1.small not found"));

        var exit = await h.RunAsync(ArchivesTool.RunAsync, "-x", "A2");

        Assert.Equal(1, exit);
        Assert.EndsWith("task 31: error: flavor m1.small not found\n", h.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_ServerRefuses_OneLineExit2()
    {
        await using var h = await ToolHarness.StartAsync();
        await h.RegisterClientAsync();
        h.Server.On("POST", ApiRoutes.ClientArchives + "/B9/restore", new ApiError("archive B9 belongs to another client"), 403);

        var exit = await h.RunAsync(ArchivesTool.RunAsync, "-x", "B9");

        Assert.Equal(2, exit);
        Assert.Equal("rb_archives: error: archive B9 belongs to another client\n", h.Error);
    }

    [Theory]
    [InlineData("rb_archives: error: give one of -x ID (deploy) and -X ID (into a folder), not both", "-x", "A", "-X", "B")]
    [InlineData("rb_archives: error: -d DIR goes with -X ID (a restore into a folder)", "-d", "out")]
    [InlineData("rb_archives: error: -d DIR goes with -X ID (a restore into a folder)", "-x", "A", "-d", "out")]
    [InlineData("rb_archives: error: --no-wait goes with -x ID or -X ID", "--no-wait")]
    [InlineData("rb_archives: error: Unrecognized command or argument '--bogus'. (see 'rb_archives --help')", "--bogus")]
    [InlineData("rb_archives: error: Required argument missing for option: '-x'. (see 'rb_archives --help')", "-x")]
    public async Task Arguments_Wrong_OneLineExit2BeforeAnyRequest(string expected, params string[] args)
    {
        await using var h = await ToolHarness.StartAsync();

        var exit = await h.RunAsync(ArchivesTool.RunAsync, args);

        Assert.Equal(2, exit);
        Assert.Equal(expected + "\n", h.Error);
        Assert.Empty(h.Server.Requests);
    }

    [Fact]
    public async Task Run_DaemonNeverRegistered_SaysSo()
    {
        await using var h = await ToolHarness.StartAsync();
        h.Root.WriteConfig($"server {h.Server.Url}\n");

        var exit = await h.RunAsync(ArchivesTool.RunAsync);

        Assert.Equal(2, exit);
        Assert.Equal($"rb_archives: error: {h.Root.Paths.ClientIdFile}: missing; this client has not registered yet (start rubackup-client first)\n", h.Error);
    }
}
