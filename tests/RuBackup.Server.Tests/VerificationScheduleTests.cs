using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Server.Notifications;
using RuBackup.Server.Tests.Support;

namespace RuBackup.Server.Tests;

public abstract class VerificationScheduleTests(string provider) : ServerTestBase(provider)
{
    // The client's engine stamps archives with the real clock: the server's fake one starts there.
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    protected override TimeProvider? Time => _time;

    private async Task<(FakeClient Client, RuleInfo Rule, string ArchiveId)> RuleWithArchiveAsync()
    {
        var client = await FakeClient.AuthorizedAsync(Server, "client1");
        await CreatePoolAsync();
        var rule = await CreateRuleAsync(Rule("client1") with { BackupType = BackupKind.Incremental, VerifyEveryDays = 2, EnableAfterCreation = false, Notify = ["ops@example.org"] });
        var first = await RunNowAsync(rule.Id);
        Assert.Equal(BackupKind.Full, first.BackupType);
        Assert.Contains(await Server.Catalog().ReadTaskLogAsync(first.Id, 0, CancellationToken.None), l => l.Message.Contains("has no archive", StringComparison.Ordinal));
        var (_, result) = await ClientRuns.BackupAsync(client, ClientRuns.Disk(7, 6));
        return (client, rule, result.Manifest.Id);
    }

    private async Task<IReadOnlyList<TaskInfo>> VerifyTasksAsync() =>
        [.. (await Server.Catalog().ListTasksAsync(new TaskQuery(Limit: 1000), CancellationToken.None)).Where(t => t.Kind == TaskKind.Verify).OrderBy(t => t.Id)];

    [Fact]
    public async Task Tick_CleanArchiveDue_VerifiedAndNotAgainUntilPeriodPassed()
    {
        var (client, _, archiveId) = await RuleWithArchiveAsync();
        using var _ = client;
        await Server.TickAsync();
        Assert.Empty(await VerifyTasksAsync());

        _time.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));
        await Server.TickAsync();
        await Server.TickAsync();
        var verify = Assert.Single(await VerifyTasksAsync());
        Assert.Equal(("schedule", archiveId), (verify.CreatedBy, verify.ArchiveId));
        await Server.ServerTasksSettledAsync();
        Assert.Equal(TaskState.Done, (await Server.Catalog().FindTaskAsync(verify.Id, CancellationToken.None))!.State);
        var archive = await Server.Catalog().FindArchiveAsync(archiveId, CancellationToken.None);
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), archive!.VerifiedAt?.ToUnixTimeMilliseconds());

        _time.Advance(TimeSpan.FromDays(1));
        await Server.TickAsync();
        Assert.Single(await VerifyTasksAsync());
        _time.Advance(TimeSpan.FromDays(1));
        await Server.TickAsync();
        Assert.Equal(2, (await VerifyTasksAsync()).Count);
    }

    [Fact]
    public async Task Tick_FlippedByteInPool_ScheduledVerifyMarksDamagedAndNextBackupsAreFull()
    {
        var (client, rule, archiveId) = await RuleWithArchiveAsync();
        using var _ = client;
        var control = await RunNowAsync(rule.Id);
        Assert.Equal(BackupKind.Incremental, control.BackupType);
        await Http.PostAsync<TaskInfo>(Admin, $"{ApiRoutes.Tasks}/{control.Id}/cancel");

        var pool = (await Http.GetAsync<PoolInfo[]>(Admin, ApiRoutes.Pools)).Single();
        var chunk = Directory.EnumerateFiles(Path.Combine(pool.Path, "chunks"), "*", SearchOption.AllDirectories).First();
        var bytes = await File.ReadAllBytesAsync(chunk);
        bytes[^10] ^= 0x55;
        await File.WriteAllBytesAsync(chunk, bytes);

        _time.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));
        await Server.TickAsync();
        var verify = Assert.Single(await VerifyTasksAsync());
        Assert.Equal(("schedule", archiveId, rule.Id), (verify.CreatedBy, verify.ArchiveId, verify.RuleId));
        await Server.ServerTasksSettledAsync();
        Assert.Equal(TaskState.Error, (await Server.Catalog().FindTaskAsync(verify.Id, CancellationToken.None))!.State);
        Assert.Equal("damaged", (await Server.Catalog().FindArchiveAsync(archiveId, CancellationToken.None))!.Status);
        // The notice goes out through the outbox (the task outcome watcher turns the failed verify into it).
        var watcher = Server.Host.Services.GetRequiredService<TaskOutcomeWatcher>();
        await watcher.TickAsync(CancellationToken.None);
        var notice = Assert.Single(await Server.Catalog().ListNotificationsAsync(new NotificationQuery(), CancellationToken.None), n => n.Event == NotifyEvent.VerifyFailure);
        Assert.Equal(("ops@example.org", archiveId, verify.Id), (notice.Address, notice.ArchiveId, notice.TaskId));
        Assert.Contains("damaged", notice.Body, StringComparison.Ordinal);

        var admin = await Server.SuperuserAsync();
        foreach (var path in new[] { $"{ApiRoutes.Rules}/{rule.Id}/run", $"{ApiRoutes.Rules}/{rule.Id}/run?type=incremental" })
        {
            var runNow = await Http.PostAsync<TaskInfo>(admin, path);
            Assert.Equal(BackupKind.Full, runNow.BackupType);
            Assert.Contains(await Server.Catalog().ReadTaskLogAsync(runNow.Id, 0, CancellationToken.None), l => l.Message.Contains($"archive {archiveId} of the chain of the newest archive {archiveId} is damaged", StringComparison.Ordinal));
            await Http.PostAsync<TaskInfo>(admin, $"{ApiRoutes.Tasks}/{runNow.Id}/cancel");
        }

        await Http.PostAsync<RuleInfo>(admin, $"{ApiRoutes.Rules}/{rule.Id}/resume");
        _time.Advance(TimeSpan.FromDays(1));
        await Server.TickAsync();
        var scheduled = (await Server.TasksOfAsync(rule.Id)).Last(t => t.Kind == TaskKind.Backup);
        Assert.Equal(("schedule", BackupKind.Full), (scheduled.CreatedBy, scheduled.BackupType));
        Assert.Single(await VerifyTasksAsync());
    }
}

public sealed class SqliteVerificationScheduleTests() : VerificationScheduleTests(CatalogBackend.Sqlite);

public sealed class PostgresVerificationScheduleTests() : VerificationScheduleTests(CatalogBackend.PostgreSql);
