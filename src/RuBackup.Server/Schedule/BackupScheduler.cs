using System.Globalization;
using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Server.Rules;
using RuBackup.Server.Services;

namespace RuBackup.Server.Schedule;

/// <summary>
/// Makes the backup tasks of the rules' cron schedules. Each rule's cursor (the last occurrence handled)
/// is stored: occurrences after it up to now are due, and however many there are (a server down for
/// hours) they make ONE task, after which the cursor moves to the latest of them. The task is queued
/// before the cursor is stored: a crash between makes the run again at the next start (a duplicate
/// rather than a lost backup), never forgets it.
/// </summary>
public sealed partial class BackupScheduler(ICatalog catalog, RuleService rules, AuditLog audit, ILogger<BackupScheduler> logger)
{
    public const string Actor = "schedule";
    public const string LifetimeNotePrefix = "lifetime ended at ";

    /// <param name="now">Read before <paramref name="all"/> and <paramref name="active"/> were (see Scheduler).</param>
    public async Task TickAsync(IReadOnlyList<RuleInfo> all, ActiveTasks active, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(active);
        foreach (var rule in all)
        {
            try
            {
                await RuleAsync(rule, active, now, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is Api.ApiException or Cronos.CronFormatException)
            {
                // One rule whose client is gone or whose schedule no longer parses must not stop the others.
                LogRuleFailed(logger, rule.Id, rule.Settings.Name, e.Message);
            }
        }
    }

    private async Task RuleAsync(RuleInfo rule, ActiveTasks active, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lifetimeEnded = rule.Settings.LifetimeUntil is { } until && until <= now;
        await NoteLifetimeAsync(rule, lifetimeEnded, cancellationToken).ConfigureAwait(false);

        // Occurrences past the lifetime never count; those before its end still make their run.
        var horizon = rule.Settings.LifetimeUntil is { } end && end < now ? end : now;
        var (due, latest) = CronSchedule.Due(rule.Settings.Schedule, CronSchedule.Cursor(rule), horizon);
        if (latest is not { } occurrence)
        {
            if (lifetimeEnded)
            {
                await AdvanceToAsync(rule, now, cancellationToken).ConfigureAwait(false);
            }
            return;
        }
        if (rule.Status != RuleStatus.Run)
        {
            // A paused rule's cursor follows the clock, so resuming it does not fire a flood of old runs.
            await catalog.SetRuleScheduleCursorAsync(rule.Id, occurrence, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (active.OfRule(rule.Id, TaskKind.Backup) is { } running)
        {
            await catalog.SetRuleScheduleCursorAsync(rule.Id, occurrence, cancellationToken).ConfigureAwait(false);
            var skipped = string.Create(CultureInfo.InvariantCulture, $"skipped: task {running.Id} still running ({Runs(due)} at {occurrence:u})");
            LogSkipped(logger, rule.Id, rule.Settings.Name, skipped);
            await audit.RecordAsync(Actor, "rule.schedule.skip", Target(rule), skipped, cancellationToken).ConfigureAwait(false);
            return;
        }

        var task = await rules.EnqueueBackupAsync(rule, rule.Settings.BackupType, Actor, 1, cancellationToken).ConfigureAwait(false);
        await catalog.SetRuleScheduleCursorAsync(rule.Id, occurrence, cancellationToken).ConfigureAwait(false);
        await catalog.SetRuleLastRunAsync(rule.Id, now, cancellationToken).ConfigureAwait(false);
        var details = string.Create(CultureInfo.InvariantCulture, $"task {task.Id}, {task.BackupType}, for {occurrence:u}");
        if (due > 1)
        {
            details += string.Create(CultureInfo.InvariantCulture, $"; {due - 1} missed run(s) since {CronSchedule.Cursor(rule):u} collapsed into this one");
            LogMissed(logger, rule.Id, rule.Settings.Name, due - 1, task.Id);
        }
        LogScheduled(logger, rule.Id, rule.Settings.Name, task.Id, occurrence);
        await audit.RecordAsync(Actor, "rule.schedule", Target(rule), details, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets the note once when the lifetime ends, and clears it when the lifetime has been extended.</summary>
    private async Task NoteLifetimeAsync(RuleInfo rule, bool ended, CancellationToken cancellationToken)
    {
        var ours = rule.Note?.StartsWith(LifetimeNotePrefix, StringComparison.Ordinal) == true;
        if (ended)
        {
            var note = LifetimeNotePrefix + rule.Settings.LifetimeUntil!.Value.ToString("u", CultureInfo.InvariantCulture);
            if (rule.Note != note)
            {
                await catalog.SetRuleNoteAsync(rule.Id, note, cancellationToken).ConfigureAwait(false);
                LogLifetimeEnded(logger, rule.Id, rule.Settings.Name, note);
                await audit.RecordAsync(Actor, "rule.lifetime", Target(rule), note + "; the rule makes no more tasks", cancellationToken).ConfigureAwait(false);
            }
        }
        else if (ours)
        {
            await catalog.SetRuleNoteAsync(rule.Id, null, cancellationToken).ConfigureAwait(false);
            await audit.RecordAsync(Actor, "rule.lifetime", Target(rule), "lifetime extended; the rule makes tasks again", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Past its lifetime the cursor follows the clock, so extending the lifetime does not fire a flood of old runs.</summary>
    private async Task AdvanceToAsync(RuleInfo rule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (_, latest) = CronSchedule.Due(rule.Settings.Schedule, CronSchedule.Cursor(rule), now);
        if (latest is { } occurrence)
        {
            await catalog.SetRuleScheduleCursorAsync(rule.Id, occurrence, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Runs(int due) => due == 1 ? "1 run" : due.ToString(CultureInfo.InvariantCulture) + " runs";

    private static string Target(RuleInfo rule) => $"rule {rule.Id} ({rule.Settings.Name})";

    [LoggerMessage(Level = LogLevel.Information, Message = "rule {RuleId} ({Rule}): backup task {TaskId} made for the occurrence at {Occurrence}")]
    private static partial void LogScheduled(ILogger logger, long ruleId, string rule, long taskId, DateTimeOffset occurrence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "rule {RuleId} ({Rule}): {Missed} missed run(s) collapsed into task {TaskId}")]
    private static partial void LogMissed(ILogger logger, long ruleId, string rule, int missed, long taskId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "rule {RuleId} ({Rule}): {Skipped}")]
    private static partial void LogSkipped(ILogger logger, long ruleId, string rule, string skipped);

    [LoggerMessage(Level = LogLevel.Information, Message = "rule {RuleId} ({Rule}): {Note}")]
    private static partial void LogLifetimeEnded(ILogger logger, long ruleId, string rule, string note);

    [LoggerMessage(Level = LogLevel.Error, Message = "rule {RuleId} ({Rule}) was not scheduled: {Reason}")]
    private static partial void LogRuleFailed(ILogger logger, long ruleId, string rule, string reason);
}
