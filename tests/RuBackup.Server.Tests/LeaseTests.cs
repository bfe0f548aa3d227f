using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RuBackup.Api;
using RuBackup.Server.Cluster;
using RuBackup.Server.Options;
using RuBackup.Server.Tests.Support;

namespace RuBackup.Server.Tests;

/// <summary>Task leases: a silent holder loses its task (error, retry), a heartbeating one keeps it, and never two hold one task.</summary>
public abstract class LeaseTests(string provider) : ServerTestBase(provider)
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    protected override TimeProvider? Time => _time;

    private TimeSpan Lease => Server.Host.Services.GetRequiredService<ServerOptions>().TaskLease;

    private LeaseMonitor Monitor => Server.Host.Services.GetRequiredService<LeaseMonitor>();

    private async Task<(FakeClient First, FakeClient Second, RuleInfo Rule)> GroupAsync()
    {
        var first = await FakeClient.AuthorizedAsync(Server, "node1");
        var second = await FakeClient.AuthorizedAsync(Server, "node2");
        foreach (var node in new[] { first, second })
        {
            await Http.EnsureAsync(await Http.SendAsync(Admin, HttpMethod.Patch, $"{ApiRoutes.Clients}/{node.Id}", new UpdateClientRequest("cluster1")));
        }
        await CreatePoolAsync();
        var rule = await CreateRuleAsync(Rule("x") with { Client = null, ClientGroup = "cluster1" });
        return (first, second, rule);
    }

    private Task<TaskInfo> TaskAsync(long id) => Http.GetAsync<TaskInfo>(Admin, $"{ApiRoutes.Tasks}/{id}");

    /// <summary>
    /// Lets the task's lease run out and the monitor look. Advancing the fake clock also wakes the
    /// monitor's own loop, so whichever tick takes the task, this waits until its whole work is visible.
    /// </summary>
    private async Task LoseLeaseAsync(long taskId, bool retried)
    {
        _time.Advance(Lease + TimeSpan.FromSeconds(1));
        await Monitor.TickAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var lost = (await TaskAsync(taskId)).State == TaskState.Error;
            var retry = (await Http.GetAsync<TaskInfo[]>(Admin, ApiRoutes.Tasks)).Any(t => t.CleansTaskId == taskId);
            if (lost && retry == retried)
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"task {taskId}: lost {lost}, retried {retry}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task LeaseExpiry_GroupBackupOfSilentMember_ErrorsAndRetriesInGroupWithCleansTaskId()
    {
        var (first, second, rule) = await GroupAsync();
        using var _ = first;
        using var __ = second;
        var task = await RunNowAsync(rule.Id);
        var assignment = await first.NextAsync(0);
        Assert.Equal((task.Id, first.Id), (assignment!.Task.Id, assignment.Task.ClientId));
        Assert.Equal((int)Lease.TotalSeconds, assignment.LeaseSeconds);
        Assert.Equal(_time.GetUtcNow() + Lease, assignment.Task.LeaseUntil);
        await first.StartAsync(task.Id);
        await Http.ExpectAsync(HttpStatusCode.NoContent, first.Http, HttpMethod.Post, $"{ApiRoutes.ClientTasks}/{task.Id}/progress", new ProgressReport(10, 100));

        await LoseLeaseAsync(task.Id, retried: true);

        var lost = await TaskAsync(task.Id);
        Assert.Equal(TaskState.Error, lost.State);
        Assert.StartsWith("lease lost: client node1 sent no heartbeat for ", lost.Error, StringComparison.Ordinal);
        var retry = (await Http.GetAsync<TaskInfo[]>(Admin, ApiRoutes.Tasks + "?state=new")).Single();
        Assert.Equal((TaskKind.Backup, 2, rule.Id, (long?)null, "cluster1", (long?)task.Id), (retry.Kind, retry.Attempt, retry.RuleId, retry.ClientId, retry.ClientGroup, retry.CleansTaskId));
        Assert.Contains("lease lost", retry.CreatedBy, StringComparison.Ordinal);

        // The old holder holds nothing: every report, its finish and its pool answer 409.
        foreach (var (path, body) in new (string, object?)[]
        {
            ($"{ApiRoutes.ClientTasks}/{task.Id}/heartbeat", null),
            ($"{ApiRoutes.ClientTasks}/{task.Id}/progress", new ProgressReport(20, 100)),
            ($"{ApiRoutes.ClientTasks}/{task.Id}/log", new LogReport([new TaskLogLine(_time.GetUtcNow(), "info", "late")])),
            ($"{ApiRoutes.ClientTasks}/{task.Id}/finish", new FinishReport(null)),
        })
        {
            await Http.ExpectAsync(HttpStatusCode.Conflict, first.Http, HttpMethod.Post, path, body);
        }
        using (var device = new RuBackup.Repository.Remote.HttpPoolDevice(new Uri(assignment.PoolUrl), first.Token))
        {
            await Assert.ThrowsAnyAsync<RuBackup.Repository.RepositoryException>(() => device.ListManifestsAsync(CancellationToken.None));
        }
        Assert.Equal(TaskState.Error, (await TaskAsync(task.Id)).State);

        // The other member takes the retry, told which run to clean, and finishes it.
        var (finished, _) = await ClientRuns.BackupAsync(second, ClientRuns.Disk(3, 4));
        Assert.Equal((retry.Id, TaskState.Done, second.Id, (long?)task.Id), (finished.Id, finished.State, finished.ClientId, finished.CleansTaskId));
        Assert.Null(await first.NextAsync(0));
    }

    [Fact]
    public async Task Heartbeats_TaskLongerThanLease_KeepItsHolder()
    {
        var (client, rule) = await ClientWithRuleAsync();
        using var _ = client;
        var task = await RunNowAsync(rule.Id);
        var assignment = await client.NextAsync(0);
        await client.StartAsync(task.Id);
        for (var i = 0; i < 5; i++)
        {
            _time.Advance(Lease * 0.75);
            await Http.ExpectAsync(HttpStatusCode.NoContent, client.Http, HttpMethod.Post, $"{ApiRoutes.ClientTasks}/{task.Id}/heartbeat");
            Assert.Empty(await Monitor.TickAsync(CancellationToken.None));
        }
        Assert.Equal(TaskState.Executing, (await TaskAsync(task.Id)).State);
        await ClientRuns.WriteAsync(client, assignment!, ClientRuns.Disk(5, 3));
        Assert.Equal(TaskState.Done, (await client.FinishAsync(task.Id)).State);
        Assert.Empty(await Http.GetAsync<TaskInfo[]>(Admin, ApiRoutes.Tasks + "?state=new"));
    }

    [Fact]
    public async Task LeaseExpiry_SingleClientTaskNeverStarted_RetryGoesToTheSameClient()
    {
        var (client, rule) = await ClientWithRuleAsync();
        using var _ = client;
        var task = await RunNowAsync(rule.Id);
        Assert.NotNull(await client.NextAsync(0));
        await LoseLeaseAsync(task.Id, retried: true);

        Assert.Equal(TaskState.Error, (await TaskAsync(task.Id)).State);
        await Http.ExpectAsync(HttpStatusCode.Conflict, client.Http, HttpMethod.Post, $"{ApiRoutes.ClientTasks}/{task.Id}/start");
        var retry = await client.NextAsync(0);
        Assert.Equal((client.Id, 2, (long?)task.Id), (retry!.Task.ClientId, retry.Task.Attempt, retry.Task.CleansTaskId));
    }

    [Fact]
    public async Task LeaseExpiry_FinishBeforeTheMonitorLooks_FinishWins()
    {
        var (client, rule) = await ClientWithRuleAsync();
        using var _ = client;
        var task = await RunNowAsync(rule.Id);
        var assignment = await client.NextAsync(0);
        await client.StartAsync(task.Id);
        await ClientRuns.WriteAsync(client, assignment!, ClientRuns.Disk(7, 3));
        // The lease already ended, but the clock does not move, so the monitor's loop stays asleep.
        var catalog = Server.Host.Services.GetRequiredService<RuBackup.Catalog.ICatalog>();
        Assert.True(await catalog.ExtendTaskLeaseAsync(task.Id, client.Id, _time.GetUtcNow() - TimeSpan.FromSeconds(1), CancellationToken.None));

        Assert.Equal(TaskState.Done, (await client.FinishAsync(task.Id)).State);
        Assert.Empty(await Monitor.TickAsync(CancellationToken.None));

        Assert.Equal(TaskState.Done, (await TaskAsync(task.Id)).State);
        Assert.Empty(await Http.GetAsync<TaskInfo[]>(Admin, ApiRoutes.Tasks + "?state=new"));
    }

    [Fact]
    public async Task LeaseExpiry_AtTheLastAttempt_NoFurtherRetry()
    {
        var (client, rule) = await ClientWithRuleAsync();
        using var _ = client;
        var first = await RunNowAsync(rule.Id);
        for (var attempt = 1; attempt <= BackupRetryAttempts; attempt++)
        {
            var claimed = await client.NextAsync(0);
            Assert.Equal(attempt, claimed!.Task.Attempt);
            await LoseLeaseAsync(claimed.Task.Id, retried: attempt < BackupRetryAttempts);
        }
        var tasks = await Http.GetAsync<TaskInfo[]>(Admin, ApiRoutes.Tasks);
        Assert.Equal(BackupRetryAttempts, tasks.Length);
        Assert.All(tasks, t => Assert.Equal(TaskState.Error, t.State));
        Assert.Contains(tasks, t => t.Id == first.Id);
    }

    private static int BackupRetryAttempts => RuBackup.Server.Tasks.BackupRetry.MaxAttempts;

    [Fact]
    public async Task GroupTask_RevokedOrRemovedMember_CannotClaimIt()
    {
        var (first, second, rule) = await GroupAsync();
        using var _ = first;
        using var __ = second;
        await Http.PostAsync<ClientInfo>(Admin, $"{ApiRoutes.Clients}/{first.Id}/revoke");
        var task = await RunNowAsync(rule.Id);
        await Http.ExpectAsync(HttpStatusCode.Forbidden, first.Http, HttpMethod.Get, ApiRoutes.ClientNextTask + "?wait=0");

        // Out of the group (no rule change): the remaining member alone takes the group's tasks.
        await Http.PostAsync<ClientInfo>(Admin, $"{ApiRoutes.Clients}/{first.Id}/authorize");
        await first.SignInAsync(); // revoking dropped its tokens
        await Http.EnsureAsync(await Http.SendAsync(Admin, HttpMethod.Patch, $"{ApiRoutes.Clients}/{first.Id}", new UpdateClientRequest(ClearGroup: true)));
        Assert.Null(await first.NextAsync(0));
        Assert.Equal(task.Id, (await second.NextAsync(0))!.Task.Id);
        Assert.Equal(TaskState.Assigned, (await TaskAsync(task.Id)).State);
    }
}

public sealed class SqliteLeaseTests() : LeaseTests(CatalogBackend.Sqlite);

public sealed class PostgresLeaseTests() : LeaseTests(CatalogBackend.PostgreSql);
