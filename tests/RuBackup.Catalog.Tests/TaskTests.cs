using RuBackup.Api;

namespace RuBackup.Catalog.Tests;

public abstract class TaskTests : CatalogTestBase
{
    private static readonly TaskKind[] ClientKinds = [TaskKind.Backup, TaskKind.Restore];

    [Fact]
    public async Task CreateTaskAsync_EveryField_RoundTripsWithNewIds()
    {
        var task = new TaskInfo
        {
            Id = 999,
            Kind = TaskKind.Restore,
            State = TaskState.New,
            RuleId = 4,
            ClientId = 7,
            ClientName = "web-1",
            ClientGroup = "cluster",
            Pool = "dedup",
            ResourceType = "rustack",
            Resource = "vm-1",
            ResourceName = "db",
            BackupType = BackupKind.Differential,
            ArchiveId = "20250301T120000Z-abcd",
            RestoreMode = RestoreMode.Folder,
            RestoreTarget = "/restore/here",
            BytesDone = 5,
            BytesTotal = 10,
            Attempt = 2,
            CreatedBy = "alice",
            Created = T0,
            Started = T0.AddSeconds(1),
            Finished = T0.AddSeconds(2),
            Error = "earlier",
        };

        var first = await Catalog.CreateTaskAsync(task, Ct);
        var second = await Catalog.CreateTaskAsync(NewTask(), Ct);

        Assert.Equal(Json(task with { Id = first.Id }), Json(first));
        Assert.Equal(Json(first), Json(await Catalog.FindTaskAsync(first.Id, Ct)));
        Assert.True(second.Id > first.Id);
        Assert.Null(await Catalog.FindTaskAsync(second.Id + 1, Ct));
    }

    [Fact]
    public async Task ClaimNextTaskAsync_OwnTasks_OldestOfRequestedKindsFirst()
    {
        var a = await RegisterAsync("a");
        var verify = await Catalog.CreateTaskAsync(NewTask(TaskKind.Verify, a.Info.Id), Ct);
        var backup = await Catalog.CreateTaskAsync(NewTask(TaskKind.Backup, a.Info.Id), Ct);
        var restore = await Catalog.CreateTaskAsync(NewTask(TaskKind.Restore, a.Info.Id), Ct);

        var first = await Catalog.ClaimNextTaskAsync(a.Info.Id, null, ClientKinds, T0, Ct);
        var second = await Catalog.ClaimNextTaskAsync(a.Info.Id, null, ClientKinds, T0, Ct);
        var third = await Catalog.ClaimNextTaskAsync(a.Info.Id, null, ClientKinds, T0, Ct);

        Assert.Equal(backup.Id, first!.Id);
        Assert.Equal(TaskState.Assigned, first.State);
        Assert.Equal(a.Info.Id, first.ClientId);
        Assert.Equal("a", first.ClientName);
        Assert.Equal(restore.Id, second!.Id);
        Assert.Null(third);
        Assert.Equal(TaskState.New, (await Catalog.FindTaskAsync(verify.Id, Ct))!.State);
        Assert.Null(await Catalog.ClaimNextTaskAsync(a.Info.Id, null, [], T0, Ct));
    }

    [Fact]
    public async Task ClaimNextTaskAsync_AnotherClientsTask_NotClaimed()
    {
        var a = await RegisterAsync("a", "cluster");
        var b = await RegisterAsync("b", "cluster");
        var task = await Catalog.CreateTaskAsync(NewTask(TaskKind.Backup, a.Info.Id, "cluster"), Ct);

        Assert.Null(await Catalog.ClaimNextTaskAsync(b.Info.Id, "cluster", ClientKinds, T0, Ct));
        Assert.Equal(task.Id, (await Catalog.ClaimNextTaskAsync(a.Info.Id, "cluster", ClientKinds, T0, Ct))!.Id);
    }

    [Fact]
    public async Task ClaimNextTaskAsync_GroupTask_TakenByAGroupMemberOnly()
    {
        var outsider = await RegisterAsync("outsider", "other");
        var loner = await RegisterAsync("loner");
        var member = await RegisterAsync("member", "cluster");
        var task = await Catalog.CreateTaskAsync(NewTask(TaskKind.Backup, clientId: null, group: "cluster"), Ct);

        Assert.Null(await Catalog.ClaimNextTaskAsync(outsider.Info.Id, "other", ClientKinds, T0, Ct));
        Assert.Null(await Catalog.ClaimNextTaskAsync(loner.Info.Id, null, ClientKinds, T0, Ct));
        var claimed = await Catalog.ClaimNextTaskAsync(member.Info.Id, "cluster", ClientKinds, T0, Ct);

        Assert.Equal(task.Id, claimed!.Id);
        Assert.Equal(member.Info.Id, claimed.ClientId);
        Assert.Equal("member", claimed.ClientName);
        Assert.Equal("cluster", claimed.ClientGroup);
        Assert.Equal(Json(claimed), Json(await Catalog.FindTaskAsync(task.Id, Ct)));
    }

    [Fact]
    public async Task ClaimNextTaskAsync_TwentyConcurrentClaimersTenTasks_EachTaskClaimedOnce()
    {
        var members = new List<ClientRecord>();
        for (var i = 0; i < 20; i++)
        {
            members.Add(await RegisterAsync($"m{i}", "cluster"));
        }

        var tasks = new List<TaskInfo>();
        for (var i = 0; i < 10; i++)
        {
            tasks.Add(await Catalog.CreateTaskAsync(NewTask(TaskKind.Backup, group: "cluster"), Ct));
        }

        using var start = new ManualResetEventSlim();
        var claims = members.Select(m => Task.Run(async () =>
        {
            start.Wait();
            return (Client: m.Info.Id, Task: await Catalog.ClaimNextTaskAsync(m.Info.Id, "cluster", ClientKinds, T0, Ct));
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(claims);

        var won = results.Where(r => r.Task is not null).ToList();
        Assert.Equal(10, won.Count);
        Assert.Equal(tasks.Select(t => t.Id).Order(), won.Select(r => r.Task!.Id).Order());
        foreach (var (client, task) in won)
        {
            var stored = await Catalog.FindTaskAsync(task!.Id, Ct);
            Assert.Equal(TaskState.Assigned, stored!.State);
            Assert.Equal(client, stored.ClientId);
        }
    }

    [Fact]
    public async Task TransitionTaskAsync_ThroughLifecycle_SetsStartedFinishedAndError()
    {
        var task = await Catalog.CreateTaskAsync(NewTask(TaskKind.Backup, clientId: 1), Ct);

        var assigned = await Catalog.TransitionTaskAsync(task.Id, [TaskState.New], TaskState.Assigned, T0.AddSeconds(1), null, Ct);
        var executing = await Catalog.TransitionTaskAsync(task.Id, [TaskState.Assigned], TaskState.Executing, T0.AddSeconds(2), null, Ct);
        var failed = await Catalog.TransitionTaskAsync(task.Id, [TaskState.Executing], TaskState.Error, T0.AddSeconds(3), "disk full", Ct);

        Assert.Equal(TaskState.Assigned, assigned!.State);
        Assert.Null(assigned.Started);
        Assert.Equal(TaskState.Executing, executing!.State);
        Assert.Equal(T0.AddSeconds(2), executing.Started);
        Assert.Null(executing.Finished);
        Assert.Equal(TaskState.Error, failed!.State);
        Assert.Equal(T0.AddSeconds(2), failed.Started);
        Assert.Equal(T0.AddSeconds(3), failed.Finished);
        Assert.Equal("disk full", failed.Error);
        Assert.Equal(Json(failed), Json(await Catalog.FindTaskAsync(task.Id, Ct)));
    }

    [Fact]
    public async Task TransitionTaskAsync_ToDone_SetsFinishedWithoutError()
    {
        var task = await Catalog.CreateTaskAsync(NewTask() with { State = TaskState.Executing }, Ct);

        var done = await Catalog.TransitionTaskAsync(task.Id, [TaskState.Executing], TaskState.Done, T0.AddMinutes(1), null, Ct);

        Assert.Equal(TaskState.Done, done!.State);
        Assert.Equal(T0.AddMinutes(1), done.Finished);
        Assert.Null(done.Error);
    }

    [Fact]
    public async Task TransitionTaskAsync_StateNotInFrom_ReturnsNullAndChangesNothing()
    {
        var task = await Catalog.CreateTaskAsync(NewTask(), Ct);

        Assert.Null(await Catalog.TransitionTaskAsync(task.Id, [TaskState.Assigned, TaskState.Executing], TaskState.Done, T0, null, Ct));
        Assert.Null(await Catalog.TransitionTaskAsync(task.Id, [], TaskState.Done, T0, null, Ct));
        Assert.Null(await Catalog.TransitionTaskAsync(task.Id + 1, [TaskState.New], TaskState.Cancelled, T0, null, Ct));

        Assert.Equal(Json(task), Json(await Catalog.FindTaskAsync(task.Id, Ct)));
    }

    [Fact]
    public async Task TransitionTaskAsync_ConcurrentFinishAndCancel_ExactlyOneWins()
    {
        var task = await Catalog.CreateTaskAsync(NewTask() with { State = TaskState.Executing }, Ct);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            Catalog.TransitionTaskAsync(task.Id, [TaskState.Executing], i % 2 == 0 ? TaskState.Done : TaskState.Cancelled, T0.AddSeconds(i), null, Ct))));

        var winner = Assert.Single(attempts, a => a is not null);
        Assert.Equal(winner!.State, (await Catalog.FindTaskAsync(task.Id, Ct))!.State);
    }

    [Fact]
    public async Task UpdateTaskProgressAsync_AndSetTaskArchiveAsync_Stored()
    {
        var task = await Catalog.CreateTaskAsync(NewTask(), Ct);

        await Catalog.UpdateTaskProgressAsync(task.Id, 1L << 33, 1L << 34, Ct);
        await Catalog.SetTaskArchiveAsync(task.Id, "arch-1", Ct);

        var found = await Catalog.FindTaskAsync(task.Id, Ct);
        Assert.Equal(1L << 33, found!.BytesDone);
        Assert.Equal(1L << 34, found.BytesTotal);
        Assert.Equal("arch-1", found.ArchiveId);
    }

    [Fact]
    public async Task ListTasksAsync_Filters_NewestFirstWithinLimit()
    {
        var t1 = await Catalog.CreateTaskAsync(NewTask(TaskKind.Backup, clientId: 1) with { RuleId = 10 }, Ct);
        var t2 = await Catalog.CreateTaskAsync(NewTask(TaskKind.Backup, clientId: 2) with { RuleId = 10 }, Ct);
        var t3 = await Catalog.CreateTaskAsync(NewTask(TaskKind.Verify, clientId: 1) with { ArchiveId = "a1" }, Ct);
        await Catalog.TransitionTaskAsync(t2.Id, [TaskState.New], TaskState.Cancelled, T0, null, Ct);

        static IEnumerable<long> Ids(IReadOnlyList<TaskInfo> list) => list.Select(t => t.Id);
        Assert.Equal([t3.Id, t2.Id, t1.Id], Ids(await Catalog.ListTasksAsync(new TaskQuery(), Ct)));
        Assert.Equal([t3.Id, t2.Id], Ids(await Catalog.ListTasksAsync(new TaskQuery(Limit: 2), Ct)));
        Assert.Equal([t3.Id, t1.Id], Ids(await Catalog.ListTasksAsync(new TaskQuery(State: TaskState.New), Ct)));
        Assert.Equal([t3.Id, t1.Id], Ids(await Catalog.ListTasksAsync(new TaskQuery(ClientId: 1), Ct)));
        Assert.Equal([t2.Id, t1.Id], Ids(await Catalog.ListTasksAsync(new TaskQuery(RuleId: 10), Ct)));
        Assert.Equal([t3.Id], Ids(await Catalog.ListTasksAsync(new TaskQuery(ArchiveId: "a1"), Ct)));
        Assert.Equal([t1.Id], Ids(await Catalog.ListTasksAsync(new TaskQuery(State: TaskState.New, ClientId: 1, RuleId: 10), Ct)));
    }

    [Fact]
    public async Task ReadTaskLogAsync_AfterBatches_ReturnsLinesInOrderPastTheFirstN()
    {
        var task = await Catalog.CreateTaskAsync(NewTask(), Ct);
        var lines = Enumerable.Range(0, 5).Select(i => new TaskLogLine(T0.AddSeconds(i), i == 3 ? "warning" : "info", $"line {i}")).ToList();

        await Catalog.AppendTaskLogAsync(task.Id, lines[..2], Ct);
        await Catalog.AppendTaskLogAsync(task.Id, [], Ct);
        await Catalog.AppendTaskLogAsync(task.Id, lines[2..], Ct);

        Assert.Equal(lines, await Catalog.ReadTaskLogAsync(task.Id, 0, Ct));
        Assert.Equal(lines[3..], await Catalog.ReadTaskLogAsync(task.Id, 3, Ct));
        Assert.Empty(await Catalog.ReadTaskLogAsync(task.Id, 5, Ct));
        Assert.Empty(await Catalog.ReadTaskLogAsync(task.Id + 1, 0, Ct));
    }

    [Fact]
    public async Task AppendTaskLogAsync_ConcurrentAppenders_EveryLineOnceEachBatchInOrder()
    {
        var task = await Catalog.CreateTaskAsync(NewTask(), Ct);

        await Task.WhenAll(Enumerable.Range(0, 5).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await Catalog.AppendTaskLogAsync(task.Id, [new(T0, "info", $"w{w} {i}a"), new(T0, "info", $"w{w} {i}b")], Ct);
            }
        })));

        var log = (await Catalog.ReadTaskLogAsync(task.Id, 0, Ct)).Select(l => l.Message).ToList();
        Assert.Equal(100, log.Count);
        Assert.Equal(100, log.Distinct().Count());
        for (var w = 0; w < 5; w++)
        {
            var own = log.Where(m => m.StartsWith($"w{w} ", StringComparison.Ordinal)).ToList();
            Assert.Equal(Enumerable.Range(0, 10).SelectMany(i => new[] { $"w{w} {i}a", $"w{w} {i}b" }), own);
        }

        for (var k = 0; k < 100; k += 2)
        {
            Assert.Equal(log[k][..^1] + "b", log[k + 1]);
        }
    }

    [Fact]
    public async Task AppendTaskLogAsync_UnknownTask_Dropped()
    {
        await Catalog.AppendTaskLogAsync(12345, [new(T0, "info", "nobody")], Ct);

        Assert.Empty(await Catalog.ReadTaskLogAsync(12345, 0, Ct));
    }
}
