using RuBackup.Api;
using RuBackup.Server.Schedule;

namespace RuBackup.Server.Tests;

public sealed class CronScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("0 * * * *", 0.4, 0, null)]
    [InlineData("0 * * * *", 1, 1, "2030-01-01T01:00:00Z")]
    [InlineData("0 * * * *", 5.4, 5, "2030-01-01T05:00:00Z")]
    [InlineData("0 3 * * *", 48, 2, "2030-01-02T03:00:00Z")]
    [InlineData("*/15 * * * *", 1, 4, "2030-01-01T01:30:00Z")]
    public void Due_HoursAfterCursor_CountsAndLatest(string cron, double hours, int count, string? latest)
    {
        var (due, last) = CronSchedule.Due(cron, T0, T0.AddHours(hours));
        Assert.Equal(count, due);
        Assert.Equal(latest is null ? null : DateTimeOffset.Parse(latest, System.Globalization.CultureInfo.InvariantCulture), last);
    }

    [Fact]
    public void Due_OccurrenceAtCursor_NotCountedAgain()
    {
        var cursor = new DateTimeOffset(2030, 1, 1, 1, 0, 0, TimeSpan.Zero);
        Assert.Equal((0, (DateTimeOffset?)null), CronSchedule.Due("0 * * * *", cursor, cursor.AddMinutes(59)));
        Assert.Equal(1, CronSchedule.Due("0 * * * *", cursor, cursor.AddMinutes(60)).Count);
    }

    [Fact]
    public void NextRun_RunRule_NextOccurrenceAfterCursor()
    {
        var rule = Rule(RuleStatus.Run) with { ScheduledThrough = T0.AddMinutes(30) };
        Assert.Equal(T0.AddMinutes(90), CronSchedule.NextRun(rule, T0.AddMinutes(40)));
    }

    [Fact]
    public void NextRun_NeverScheduled_FirstOccurrenceAfterCreation()
    {
        Assert.Equal(T0.AddMinutes(30), CronSchedule.NextRun(Rule(RuleStatus.Run), T0));
    }

    [Fact]
    public void NextRun_WaitOrPastLifetime_Null()
    {
        Assert.Null(CronSchedule.NextRun(Rule(RuleStatus.Wait), T0));
        var ended = Rule(RuleStatus.Run) with { Settings = Rule(RuleStatus.Run).Settings with { LifetimeUntil = T0.AddMinutes(10) } };
        Assert.Null(CronSchedule.NextRun(ended, T0.AddMinutes(20)));
        Assert.Null(CronSchedule.NextRun(ended, T0)); // the next occurrence (01:00) is after the lifetime's end
    }

    private static RuleInfo Rule(RuleStatus status) =>
        new(1, new RuleSettings { Name = "r", Client = "c", Resource = "vm", Pool = "p", Schedule = "0 * * * *" }, status, T0, null);
}
