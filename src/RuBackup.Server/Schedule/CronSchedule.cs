using Cronos;
using RuBackup.Api;

namespace RuBackup.Server.Schedule;

/// <summary>The occurrences a rule's five-field cron schedule (UTC) yields.</summary>
public static class CronSchedule
{
    /// <summary>Occurrences in (<paramref name="after"/>, <paramref name="until"/>]: how many, and the latest.</summary>
    public static (int Count, DateTimeOffset? Latest) Due(string cron, DateTimeOffset after, DateTimeOffset until)
    {
        if (until <= after)
        {
            return (0, null);
        }
        var count = 0;
        DateTime? latest = null;
        foreach (var occurrence in Parse(cron).GetOccurrences(after.UtcDateTime, until.UtcDateTime, fromInclusive: false, toInclusive: true))
        {
            count++;
            latest = occurrence;
        }
        return (count, latest is { } at ? new DateTimeOffset(at, TimeSpan.Zero) : null);
    }

    /// <summary>The first occurrence after <paramref name="after"/>; null when the expression has none.</summary>
    public static DateTimeOffset? Next(string cron, DateTimeOffset after) =>
        Parse(cron).GetNextOccurrence(after.UtcDateTime) is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : null;

    /// <summary>Where the scheduler looks from: the last occurrence handled, else the rule's creation.</summary>
    public static DateTimeOffset Cursor(RuleInfo rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.ScheduledThrough ?? rule.Created;
    }

    /// <summary>
    /// The next run the scheduler will make for the rule: its next occurrence after the cursor (already
    /// due when the scheduler has not yet ticked); null in status wait, past its lifetime, or for an
    /// expression that no longer parses.
    /// </summary>
    public static DateTimeOffset? NextRun(RuleInfo rule, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Status != RuleStatus.Run || rule.Settings.LifetimeUntil <= now)
        {
            return null;
        }
        if (!CronExpression.TryParse(rule.Settings.Schedule, CronFormat.Standard, out var expression))
        {
            return null;
        }
        var next = expression.GetNextOccurrence(Cursor(rule).UtcDateTime) is { } at ? new DateTimeOffset(at, TimeSpan.Zero) : (DateTimeOffset?)null;
        return next > rule.Settings.LifetimeUntil ? null : next;
    }

    private static CronExpression Parse(string cron) => CronExpression.Parse(cron, CronFormat.Standard);
}
