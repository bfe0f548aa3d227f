using RuBackup.Api;

namespace RuBackup.Catalog.Tests;

/// <summary>The notification outbox and the outcome watcher's task marks (migration 3).</summary>
public abstract class NotificationOutboxTests : CatalogTestBase
{
    private static NotificationInfo Message(string address, long? taskId = null, DateTimeOffset? due = null) => new()
    {
        Id = 0,
        Created = T0,
        Event = NotifyEvent.Failure,
        RuleId = 3,
        TaskId = taskId,
        ArchiveId = "a1",
        Address = address,
        Channel = address.Contains('@', StringComparison.Ordinal) ? NotificationChannel.Email : NotificationChannel.Webhook,
        Subject = "[RuBackup] failure: rule r",
        Body = "body of " + address,
        State = NotificationState.Pending,
        NextAttempt = due ?? T0,
    };

    private async Task<TaskInfo> FinishedAsync(TaskKind kind, TaskState state)
    {
        var task = await Catalog.CreateTaskAsync(NewTask(kind), Ct);
        return (await Catalog.TransitionTaskAsync(task.Id, [TaskState.New], state, T0, state == TaskState.Error ? "boom" : null, Ct))!;
    }

    [Fact]
    public async Task ListUnnoticedTasksAsync_MixedTasks_OnlyFinishedBackupsAndVerifiesOldestFirst()
    {
        var backupDone = await FinishedAsync(TaskKind.Backup, TaskState.Done);
        await FinishedAsync(TaskKind.Backup, TaskState.Cancelled);
        await FinishedAsync(TaskKind.Restore, TaskState.Error);
        await Catalog.CreateTaskAsync(NewTask(), Ct);
        var verifyError = await FinishedAsync(TaskKind.Verify, TaskState.Error);
        var backupError = await FinishedAsync(TaskKind.Backup, TaskState.Error);

        var unnoticed = await Catalog.ListUnnoticedTasksAsync(10, Ct);

        Assert.Equal([backupDone.Id, verifyError.Id, backupError.Id], unnoticed.Select(t => t.Id));
        Assert.Equal("boom", unnoticed[1].Error);
    }

    [Fact]
    public async Task EnqueueNotificationsAsync_SameTaskTwice_QueuedOnceAndTaskNoLongerUnnoticed()
    {
        var task = await FinishedAsync(TaskKind.Backup, TaskState.Error);

        Assert.True(await Catalog.EnqueueNotificationsAsync([Message("ops@example.org", task.Id), Message("https://h.example/x", task.Id)], task.Id, T0, Ct));
        Assert.False(await Catalog.EnqueueNotificationsAsync([Message("ops@example.org", task.Id)], task.Id, T0, Ct));

        var rows = await Catalog.ListNotificationsAsync(new NotificationQuery(), Ct);
        Assert.Equal(["https://h.example/x", "ops@example.org"], rows.Select(r => r.Address));
        Assert.Equal(Json(Message("ops@example.org", task.Id) with { Id = rows[1].Id }), Json(rows[1]));
        Assert.Empty(await Catalog.ListUnnoticedTasksAsync(10, Ct));
    }

    [Fact]
    public async Task EnqueueNotificationsAsync_ConcurrentForOneTask_ExactlyOneWins()
    {
        var task = await FinishedAsync(TaskKind.Backup, TaskState.Done);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Catalog.EnqueueNotificationsAsync([Message($"ops{i}@example.org", task.Id)], task.Id, T0, Ct)));

        Assert.Single(results, r => r);
        Assert.Single(await Catalog.ListNotificationsAsync(new NotificationQuery(), Ct));
    }

    [Fact]
    public async Task ClaimDueNotificationAsync_ClaimRetryAndEnd_EachStepAsRecorded()
    {
        await Catalog.EnqueueNotificationsAsync([Message("a@example.org"), Message("b@example.org", due: T0.AddHours(1))], null, T0, Ct);

        var claimed = await Catalog.ClaimDueNotificationAsync(T0, T0.AddMinutes(5), Ct);
        Assert.Equal("a@example.org", claimed!.Address);
        Assert.Null(await Catalog.ClaimDueNotificationAsync(T0.AddMinutes(1), T0.AddMinutes(6), Ct));
        // A sender that died mid-attempt: the claim runs out and the message is due again.
        Assert.Equal(claimed.Id, (await Catalog.ClaimDueNotificationAsync(T0.AddMinutes(5), T0.AddMinutes(10), Ct))!.Id);

        await Catalog.RecordNotificationAttemptAsync(claimed.Id, NotificationState.Pending, "HTTP 500", T0.AddMinutes(5), T0.AddMinutes(7), Ct);
        var retried = (await Catalog.ListNotificationsAsync(new NotificationQuery(NotificationState.Pending), Ct)).Single(r => r.Id == claimed.Id);
        Assert.Equal((1, "HTTP 500", T0.AddMinutes(7)), (retried.Attempts, retried.LastError, retried.NextAttempt));
        Assert.Null(await Catalog.ClaimDueNotificationAsync(T0.AddMinutes(6), T0.AddMinutes(11), Ct));

        await Catalog.RecordNotificationAttemptAsync(claimed.Id, NotificationState.Failed, "HTTP 500 again", T0.AddMinutes(7), null, Ct);
        Assert.Equal("b@example.org", (await Catalog.ClaimDueNotificationAsync(T0.AddDays(1), T0.AddDays(2), Ct))!.Address);
        await Catalog.RecordNotificationAttemptAsync(claimed.Id + 1, NotificationState.Sent, null, T0.AddDays(1), null, Ct);
        Assert.Null(await Catalog.ClaimDueNotificationAsync(T0.AddDays(3), T0.AddDays(4), Ct));

        var failed = (await Catalog.ListNotificationsAsync(new NotificationQuery(NotificationState.Failed), Ct)).Single();
        Assert.Equal((2, "HTTP 500 again", (DateTimeOffset?)null), (failed.Attempts, failed.LastError, failed.NextAttempt));
        var sent = (await Catalog.ListNotificationsAsync(new NotificationQuery(NotificationState.Sent, Limit: 1), Ct)).Single();
        Assert.Equal((1, (string?)null, T0.AddDays(1)), (sent.Attempts, sent.LastError, sent.Sent));
    }
}

public sealed class SqliteNotificationOutboxTests : NotificationOutboxTests
{
    protected override string Provider => CatalogOptions.Sqlite;
}

public sealed class PostgresNotificationOutboxTests : NotificationOutboxTests
{
    protected override string Provider => CatalogOptions.PostgreSql;
}
