using System.Text.Json;
using RuBackup.Api;
using RuBackup.Client.Api;
using RuBackup.Tools.Tasks;

namespace RuBackup.Client.Tests;

public sealed class TasksToolTests
{
    private static TaskInfo Task(long id, TaskState state, long done = 0) => new()
    {
        Id = id, Kind = TaskKind.Backup, BackupType = BackupKind.Incremental, State = state, Resource = "vm-1", ResourceName = "web-1",
        BytesDone = done, BytesTotal = 200, Created = new DateTimeOffset(2025, 5, 1, 2, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public async Task List_StateFilterJson_QueryAndTasks()
    {
        await using var h = await ToolHarness.StartAsync();
        await h.RegisterClientAsync();
        h.Server.On("GET", ApiRoutes.ClientTasks, new[] { Task(5, TaskState.Executing, 100) });

        var exit = await h.RunAsync(TasksTool.RunAsync, "--state", "executing", "--json");

        Assert.Equal(0, exit);
        Assert.Equal("?state=executing", h.Server.RequestsTo("GET", ApiRoutes.ClientTasks).Single().Query);
        Assert.Equal(5, JsonSerializer.Deserialize<List<TaskInfo>>(h.Out, ApiJson.Options)!.Single().Id);
    }

    [Fact]
    public async Task List_Text_ProgressColumn()
    {
        await using var h = await ToolHarness.StartAsync();
        await h.RegisterClientAsync();
        h.Server.On("GET", ApiRoutes.ClientTasks, new[] { Task(5, TaskState.Executing, 100) });

        var exit = await h.RunAsync(TasksTool.RunAsync);

        Assert.Equal(0, exit);
        Assert.Matches(@"5\s+backup incremental\s+executing\s+web-1\s+50%\s+2025-05-01 02:00:00Z\s+-", h.Out);
    }

    [Fact]
    public async Task Log_OneTask_TimeLevelMessage()
    {
        await using var h = await ToolHarness.StartAsync();
        await h.RegisterClientAsync();
        h.Server.On("GET", ApiRoutes.ClientTasks + "/5/log", new[]
        {
            new TaskLogLine(new DateTimeOffset(2025, 5, 1, 2, 0, 1, TimeSpan.Zero), "info", "snapshot created"),
            new TaskLogLine(new DateTimeOffset(2025, 5, 1, 2, 0, 2, TimeSpan.Zero), "warning", "guest agent silent"),
        });

        var exit = await h.RunAsync(TasksTool.RunAsync, "--log", "5");

        Assert.Equal(0, exit);
        Assert.Equal("2025-05-01 02:00:01Z info    snapshot created\n2025-05-01 02:00:02Z warning guest agent silent\n", h.Out);
    }

    [Fact]
    public async Task Follow_NotATerminal_ALinePerChangeUntilInterrupted()
    {
        await using var h = await ToolHarness.StartAsync();
        await h.RegisterClientAsync();
        var polls = 0;
        h.Server.On("GET", ApiRoutes.ClientTasks, _ => (200, Interlocked.Increment(ref polls) switch
        {
            1 => new[] { Task(5, TaskState.Executing, 50) },
            2 => new[] { Task(5, TaskState.Executing, 50) },
            _ => new[] { Task(5, TaskState.Done, 200), Task(6, TaskState.New) },
        }));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(4.5));

        var exit = await h.RunAsync(TasksTool.RunAsync, stop.Token, "-f", "--interval", "1");

        Assert.Equal(0, exit);
        var lines = h.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("5  backup incremental  executing  web-1  25%", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("6  backup incremental  new", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("5  backup incremental  done  web-1  100%", lines[2], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rb_tasks: error: --log ID shows one task's log; it takes neither -f nor --state", "--log", "5", "-f")]
    [InlineData("rb_tasks: error: --interval 0: give 1 to 3600 seconds", "-f", "--interval", "0")]
    [InlineData("rb_tasks: error: Argument 'running' not recognized. Must be one of:", "--state", "running")]
    [InlineData("rb_tasks: error: Cannot parse argument 'x' for option '--log' as expected type", "--log", "x")]
    public async Task Arguments_Wrong_OneLineExit2(string expected, params string[] args)
    {
        await using var h = await ToolHarness.StartAsync();

        var exit = await h.RunAsync(TasksTool.RunAsync, args);

        Assert.Equal(2, exit);
        Assert.StartsWith(expected, h.Error, StringComparison.Ordinal);
        Assert.Single(h.Error.TrimEnd('\n').Split('\n'));
    }
}
