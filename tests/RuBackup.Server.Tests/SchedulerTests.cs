using Microsoft.Extensions.Time.Testing;
using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Server.Tests.Support;

namespace RuBackup.Server.Tests;

public abstract class SchedulerTests(string provider) : ServerTestBase(provider)
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 7, 0, 30, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(T0);

    protected override TimeProvider? Time => _time;

    private async Task<RuleInfo> HourlyRuleAsync(Func<RuleSettings, RuleSettings>? change = null)
    {
        using var client = await FakeClient.AuthorizedAsync(Server, "client1");
        await CreatePoolAsync();
        var settings = Rule("client1") with { Schedule = "0 * * * *" };
        return await CreateRuleAsync(change is null ? settings : change(settings));
    }

    private async Task HourAsync()
    {
        _time.Advance(TimeSpan.FromHours(1));
        await Server.TickAsync();
    }

    private async Task HourThenCancelAsync()
    {
        await HourAsync();
        await Server.CancelNewTasksAsync(_time.GetUtcNow());
    }

    [Fact]
    public async Task Tick_HourlyRuleOverWeekWithFiveHourOutage_OneTaskPerHourAndOneCatchUp()
    {
        var rule = await HourlyRuleAsync();
        var expected = new List<DateTimeOffset>();
        for (var hour = 1; hour <= 7 * 24; hour++)
        {
            if (hour == 81)
            {
                // Down from just after hour 80 to hour 85: the occurrences of hours 81..85 make one run at start.
                await Server.StopAsync();
                _time.Advance(TimeSpan.FromHours(5));
                await Server.StartHostAsync();
                hour = 85;
                await Server.TickAsync();
            }
            else
            {
                await HourAsync();
            }
            expected.Add(T0.AddHours(hour));
            await Server.CancelNewTasksAsync(_time.GetUtcNow());
        }

        var tasks = await Server.TasksOfAsync(rule.Id);
        Assert.Equal(7 * 24 - 4, tasks.Count);
        Assert.Equal(expected, tasks.Select(t => t.Created));
        Assert.All(tasks, t => Assert.Equal(("schedule", TaskKind.Backup, BackupKind.Full), (t.CreatedBy, t.Kind, t.BackupType)));
        var catchUp = Assert.Single(await Server.AuditAsync("rule.schedule"), e => e.Details!.Contains("missed", StringComparison.Ordinal));
        Assert.Contains("4 missed run(s)", catchUp.Details, StringComparison.Ordinal);
        var stored = await Server.Catalog().FindRuleAsync(rule.Id, CancellationToken.None);
        Assert.Equal(new DateTimeOffset(2030, 1, 14, 0, 0, 0, TimeSpan.Zero), stored!.ScheduledThrough);
        Assert.Equal(T0.AddHours(7 * 24), stored.LastRun);
    }

    [Fact]
    public async Task Loop_TimeAdvances_TicksOnItsOwn()
    {
        var rule = await HourlyRuleAsync();
        _time.Advance(TimeSpan.FromHours(1));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while ((await Server.TasksOfAsync(rule.Id)).Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        var task = Assert.Single(await Server.TasksOfAsync(rule.Id));
        Assert.Equal("schedule", task.CreatedBy);
    }

    [Fact]
    public async Task Tick_PreviousTaskStillRunning_SkipsLogsAndAuditsThenResumes()
    {
        var rule = await HourlyRuleAsync();
        await HourAsync();
        var first = Assert.Single(await Server.TasksOfAsync(rule.Id));

        await HourAsync();
        await HourAsync();
        Assert.Single(await Server.TasksOfAsync(rule.Id));
        var skips = await Server.AuditAsync("rule.schedule.skip");
        Assert.Equal(2, skips.Count);
        Assert.All(skips, s => Assert.StartsWith($"skipped: task {first.Id} still running", s.Details, StringComparison.Ordinal));
        Assert.Contains(Server.Log.Lines, l => l.Contains($"skipped: task {first.Id} still running", StringComparison.Ordinal));

        // The skipped occurrences are not made up later: the next hour makes one task, not three.
        await Server.CancelNewTasksAsync(_time.GetUtcNow());
        await HourAsync();
        Assert.Equal(2, (await Server.TasksOfAsync(rule.Id)).Count);
    }

    [Fact]
    public async Task Tick_WaitRule_NoTasksAndResumeDoesNotFlood()
    {
        var rule = await HourlyRuleAsync(s => s with { EnableAfterCreation = false });
        for (var i = 0; i < 5; i++)
        {
            await HourAsync();
        }
        Assert.Empty(await Server.TasksOfAsync(rule.Id));
        Assert.Null((await Http.GetAsync<RuleInfo>(Admin, $"{ApiRoutes.Rules}/{rule.Id}")).NextRun);

        await Http.PostAsync<RuleInfo>(Admin, $"{ApiRoutes.Rules}/{rule.Id}/resume");
        Assert.Equal(T0.AddMinutes(330), (await Http.GetAsync<RuleInfo>(Admin, $"{ApiRoutes.Rules}/{rule.Id}")).NextRun);
        await Server.TickAsync();
        Assert.Empty(await Server.TasksOfAsync(rule.Id));
        await HourAsync();
        Assert.Single(await Server.TasksOfAsync(rule.Id));
    }

    [Fact]
    public async Task Tick_LifetimeEnded_NoTasksNoteOnceThenExtendedClearsNote()
    {
        var rule = await HourlyRuleAsync(s => s with { LifetimeUntil = T0.AddMinutes(135) });
        await HourThenCancelAsync();
        await HourThenCancelAsync();
        Assert.Equal(2, (await Server.TasksOfAsync(rule.Id)).Count);

        await HourThenCancelAsync();
        await HourThenCancelAsync();
        Assert.Equal(2, (await Server.TasksOfAsync(rule.Id)).Count);
        var read = await Http.GetAsync<RuleInfo>(Admin, $"{ApiRoutes.Rules}/{rule.Id}");
        Assert.Equal("lifetime ended at 2030-01-07 02:45:00Z", read.Note);
        Assert.Null(read.NextRun);
        Assert.Single(await Server.AuditAsync("rule.lifetime"));

        await Http.SendAsync(Admin, HttpMethod.Put, $"{ApiRoutes.Rules}/{rule.Id}", read.Settings with { LifetimeUntil = T0.AddDays(10) });
        await Server.TickAsync();
        read = await Http.GetAsync<RuleInfo>(Admin, $"{ApiRoutes.Rules}/{rule.Id}");
        Assert.Null(read.Note);
        Assert.Equal(T0.AddMinutes(270), read.NextRun);
        Assert.Equal(2, (await Server.TasksOfAsync(rule.Id)).Count);
        await HourAsync();
        Assert.Equal(3, (await Server.TasksOfAsync(rule.Id)).Count);
    }
}

public sealed class SqliteSchedulerTests() : SchedulerTests(CatalogBackend.Sqlite);

public sealed class PostgresSchedulerTests() : SchedulerTests(CatalogBackend.PostgreSql);
