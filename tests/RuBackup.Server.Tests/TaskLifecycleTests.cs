using System.Diagnostics;
using System.Net;
using RuBackup.Api;
using RuBackup.Server.Tests.Support;

namespace RuBackup.Server.Tests;

public abstract class TaskLifecycleTests(string provider) : ServerTestBase(provider)
{
    [Fact]
    public async Task Next_NothingQueued_Answers204AfterTheWait()
    {
        using var client = await FakeClient.AuthorizedAsync(Server, "client1");
        var watch = Stopwatch.StartNew();
        Assert.Null(await client.NextAsync(1));
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(10));
        var error = await Http.ExpectAsync(HttpStatusCode.BadRequest, client.Http, HttpMethod.Get, ApiRoutes.ClientNextTask + "?wait=-1");
        Assert.Equal("wait", error!.Field);
    }

    [Fact]
    public async Task Next_TaskCreatedDuringWait_WakesAtOnce()
    {
        var (client, rule) = await ClientWithRuleAsync();
        var watch = Stopwatch.StartNew();
        var poll = client.NextAsync(30);
        await Task.Delay(300);
        var task = await RunNowAsync(rule.Id);
        var assignment = await poll;
        Assert.Equal(task.Id, assignment!.Task.Id);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the long poll took {watch.Elapsed}");
    }

    [Fact]
    public async Task Lifecycle_ClaimStartProgressLogFinish_AdminSeesEveryStep()
    {
        var (client, rule) = await ClientWithRuleAsync();
        var task = await RunNowAsync(rule.Id);
        var assignment = await client.NextAsync(5);
        Assert.Equal(new Uri(Server.BaseAddress, ApiRoutes.TaskPool(task.Id)).ToString(), assignment!.PoolUrl);
        // The lists are compared by value; the record compares them by reference.
        Assert.Equal(rule.Settings.Notify, assignment.Rule!.Notify);
        Assert.Equal(rule.Settings.NotifyOn, assignment.Rule.NotifyOn);
        Assert.Equal(rule.Settings with { Notify = [], NotifyOn = [] }, assignment.Rule with { Notify = [], NotifyOn = [] });
        Assert.Equal((TaskState.Assigned, client.Id, "client1"), (assignment.Task.State, assignment.Task.ClientId, assignment.Task.ClientName));

        var started = await client.StartAsync(task.Id);
        Assert.Equal(TaskState.Executing, started.State);
        Assert.NotNull(started.Started);
        await Http.ExpectAsync(HttpStatusCode.Conflict, client.Http, HttpMethod.Post, $"{ApiRoutes.ClientTasks}/{task.Id}/start");

        await Http.ExpectAsync(HttpStatusCode.NoContent, client.Http, HttpMethod.Post, $"{ApiRoutes.ClientTasks}/{task.Id}/progress", new ProgressReport(500, 1000));
        await Http.ExpectAsync(HttpStatusCode.NoContent, client.Http, HttpMethod.Post, $"{ApiRoutes.ClientTasks}/{task.Id}/log",
            new LogReport([new TaskLogLine(DateTimeOffset.UtcNow, "info", "snapshot taken"), new TaskLogLine(DateTimeOffset.UtcNow, "warning", "guest agent slow")]));
        var seen = await Http.GetAsync<TaskInfo>(Admin, $"{ApiRoutes.Tasks}/{task.Id}");
        Assert.Equal((500L, 1000L, TaskState.Executing), (seen.BytesDone, seen.BytesTotal, seen.State));

        var finished = await client.FinishAsync(task.Id, "module exited with code 2: volume not found");
        Assert.Equal(TaskState.Error, finished.State);
        Assert.Equal("module exited with code 2: volume not found", finished.Error);
        Assert.NotNull(finished.Finished);
        var log = await Http.GetAsync<TaskLogLine[]>(Admin, $"{ApiRoutes.Tasks}/{task.Id}/log");
        Assert.Equal(["snapshot taken", "guest agent slow"], log.Select(l => l.Message));
        Assert.Equal(["guest agent slow"], (await Http.GetAsync<TaskLogLine[]>(client.Http, $"{ApiRoutes.ClientTasks}/{task.Id}/log?after=1")).Select(l => l.Message));
        await Http.ExpectAsync(HttpStatusCode.Conflict, client.Http, HttpMethod.Post, $"{ApiRoutes.ClientTasks}/{task.Id}/progress", new ProgressReport(1, 1));
        Assert.Single(await Http.GetAsync<TaskInfo[]>(Admin, ApiRoutes.Tasks + "?state=error"));
        Assert.Single(await Http.GetAsync<TaskInfo[]>(client.Http, ApiRoutes.ClientTasks + "?state=error"));
    }

    [Fact]
    public async Task Finish_BackupDoneWithoutArchive_EndsInError()
    {
        var (client, rule) = await ClientWithRuleAsync();
        var task = await RunNowAsync(rule.Id);
        await client.NextAsync(5);
        await client.StartAsync(task.Id);
        var finished = await client.FinishAsync(task.Id);
        Assert.Equal(TaskState.Error, finished.State);
        Assert.Contains("no archive was committed", finished.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_ByOperator_ClientsNextProgressAnswers409()
    {
        var (client, rule) = await ClientWithRuleAsync();
        var task = await RunNowAsync(rule.Id);
        await client.NextAsync(5);
        await client.StartAsync(task.Id);
        var oper = await Server.UserAsync(UserRole.Operator);
        var cancelled = await Http.PostAsync<TaskInfo>(oper, $"{ApiRoutes.Tasks}/{task.Id}/cancel");
        Assert.Equal(TaskState.Cancelled, cancelled.State);
        var error = await Http.ExpectAsync(HttpStatusCode.Conflict, client.Http, HttpMethod.Post, $"{ApiRoutes.ClientTasks}/{task.Id}/progress", new ProgressReport(10, 100));
        Assert.Contains("cancelled", error!.Error, StringComparison.Ordinal);
        await Http.ExpectAsync(HttpStatusCode.Conflict, client.Http, HttpMethod.Post, $"{ApiRoutes.ClientTasks}/{task.Id}/finish", new FinishReport(null));
        await Http.ExpectAsync(HttpStatusCode.Conflict, oper, HttpMethod.Post, $"{ApiRoutes.Tasks}/{task.Id}/cancel");
        Assert.Equal(TaskState.Cancelled, (await Http.GetAsync<TaskInfo>(Admin, $"{ApiRoutes.Tasks}/{task.Id}")).State);
    }

    [Fact]
    public async Task Cancel_NewTask_IsNeverHandedOut()
    {
        var (client, rule) = await ClientWithRuleAsync();
        var task = await RunNowAsync(rule.Id);
        await Http.PostAsync<TaskInfo>(Admin, $"{ApiRoutes.Tasks}/{task.Id}/cancel");
        Assert.Null(await client.NextAsync(0));
    }

    [Fact]
    public async Task OtherClient_CannotSeeOrDriveTheTask_404()
    {
        var (client, rule) = await ClientWithRuleAsync();
        using var other = await FakeClient.AuthorizedAsync(Server, "client2");
        var task = await RunNowAsync(rule.Id);
        Assert.Null(await other.NextAsync(0));
        await client.NextAsync(5);
        foreach (var action in new[] { "start", "progress", "log", "finish" })
        {
            object body = action switch { "progress" => new ProgressReport(1, 2), "log" => new LogReport([]), "finish" => new FinishReport(null), _ => new { } };
            await Http.ExpectAsync(HttpStatusCode.NotFound, other.Http, HttpMethod.Post, $"{ApiRoutes.ClientTasks}/{task.Id}/{action}", body);
        }
        await Http.ExpectAsync(HttpStatusCode.NotFound, other.Http, HttpMethod.Get, $"{ApiRoutes.ClientTasks}/{task.Id}");
        await Http.ExpectAsync(HttpStatusCode.NotFound, other.Http, HttpMethod.Get, $"{ApiRoutes.ClientTasks}/{task.Id}/log");
        Assert.Empty(await Http.GetAsync<TaskInfo[]>(other.Http, ApiRoutes.ClientTasks));
    }

    [Fact]
    public async Task GroupRule_AnyMemberClaimsTheTask()
    {
        using var first = await FakeClient.AuthorizedAsync(Server, "node1");
        using var second = await FakeClient.AuthorizedAsync(Server, "node2");
        foreach (var node in new[] { first, second })
        {
            await Http.EnsureAsync(await Http.SendAsync(Admin, HttpMethod.Patch, $"{ApiRoutes.Clients}/{node.Id}", new UpdateClientRequest("cluster1")));
        }
        await CreatePoolAsync();
        var rule = await CreateRuleAsync(Rule("x") with { Client = null, ClientGroup = "cluster1" });
        var task = await RunNowAsync(rule.Id);
        Assert.Null(task.ClientId);
        var assignment = await second.NextAsync(5);
        Assert.Equal((task.Id, second.Id), (assignment!.Task.Id, assignment.Task.ClientId));
        Assert.Null(await first.NextAsync(0));
    }
}

public sealed class SqliteTaskLifecycleTests() : TaskLifecycleTests(CatalogBackend.Sqlite);

public sealed class PostgresTaskLifecycleTests() : TaskLifecycleTests(CatalogBackend.PostgreSql);
