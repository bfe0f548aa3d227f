using System.Globalization;
using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Server.Archives;
using RuBackup.Server.Notifications;
using RuBackup.Server.Services;
using RuBackup.Server.Tasks;

namespace RuBackup.Server.Schedule;

/// <summary>
/// Applies retention on every tick of the scheduler: an archive expires at its KeepUntil, else at its creation
/// plus its rule's retention days (an archive with neither never expires). For rules that delete, the
/// plan's archives get Delete tasks, queued leaves first (the worker runs them in that order and
/// refuses an archive that is still a base); for rules that notify, nothing is deleted and each expired
/// archive is announced once. "Once" is archives.expiry_notified_at: set after the notice (a crash
/// between repeats it, never loses it).
/// </summary>
public sealed partial class RetentionRunner(
    ICatalog catalog, TaskQueue queue, AuditLog audit, INotifier notifier, TimeProvider time, ILogger<RetentionRunner> logger)
{
    public async Task TickAsync(IReadOnlyList<RuleInfo> rules, ActiveTasks active, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(active);
        var now = time.GetUtcNow();
        var byRule = rules.ToDictionary(r => r.Id);
        var archives = await catalog.ListArchivesAsync(new ArchiveQuery(), cancellationToken).ConfigureAwait(false);
        foreach (var pool in archives.GroupBy(a => a.Pool, StringComparer.Ordinal))
        {
            var items = pool.ToDictionary(a => a.Id, StringComparer.Ordinal);
            var plan = RetentionPlanner.Plan([.. pool.Select(a => Item(a, RuleOf(a, byRule)))], now);
            foreach (var id in plan.Delete)
            {
                await DeleteAsync(items[id], RuleOf(items[id], byRule), active, cancellationToken).ConfigureAwait(false);
            }
            foreach (var (id, reason) in plan.KeptBecause)
            {
                await TellKeptAsync(items[id], reason, now, cancellationToken).ConfigureAwait(false);
            }
            foreach (var archive in pool.Where(a => a.ExpiryNotifiedAt is null && RuleOf(a, byRule)?.Settings.OnExpiry == ExpiryAction.Notify))
            {
                if (Expiry(archive, RuleOf(archive, byRule)) is { } expiry && expiry <= now)
                {
                    await NotifyAsync(archive, RuleOf(archive, byRule)!, expiry, now, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>KeepUntil when set, else the creation plus the rule's retention; null (never) for an archive without either.</summary>
    public static DateTimeOffset? Expiry(ArchiveInfo archive, RuleInfo? rule)
    {
        ArgumentNullException.ThrowIfNull(archive);
        return archive.KeepUntil ?? (rule is null ? null : archive.Created.AddDays(rule.Settings.RetentionDays));
    }

    private static RuleInfo? RuleOf(ArchiveInfo archive, Dictionary<long, RuleInfo> byRule) =>
        archive.RuleId is { } id ? byRule.GetValueOrDefault(id) : null;

    /// <summary>An archive being written, or of a rule that only notifies, is never deleted by retention.</summary>
    private static RetentionItem Item(ArchiveInfo archive, RuleInfo? rule) =>
        new(archive.Id, archive.Base, Expiry(archive, rule),
            MayDelete: archive.Status != ArchiveService.Committing && rule?.Settings.OnExpiry != ExpiryAction.Notify);

    private async Task DeleteAsync(ArchiveInfo archive, RuleInfo? rule, ActiveTasks active, CancellationToken cancellationToken)
    {
        if (active.OfArchive(archive.Id, TaskKind.Delete) is not null || active.OfArchive(archive.Id, TaskKind.Restore) is not null)
        {
            return; // already on its way out, or being restored: the next pass looks again
        }
        var task = await queue.EnqueueAsync(ArchiveTasks.New(TaskKind.Delete, archive, BackupScheduler.Actor), cancellationToken).ConfigureAwait(false);
        active.Add(task);
        var details = string.Create(CultureInfo.InvariantCulture, $"expired at {Expiry(archive, rule):u}; delete task {task.Id}");
        LogExpired(logger, archive.Id, archive.Pool, details);
        await audit.RecordAsync(BackupScheduler.Actor, "archive.expire", $"archive {archive.Id}", details, cancellationToken).ConfigureAwait(false);
    }

    private async Task TellKeptAsync(ArchiveInfo archive, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (archive.ExpiryNotifiedAt is not null)
        {
            return;
        }
        LogKept(logger, archive.Id, archive.Pool, reason);
        await audit.RecordAsync(BackupScheduler.Actor, "archive.keep", $"archive {archive.Id}", $"expired, kept: {reason}", cancellationToken).ConfigureAwait(false);
        await catalog.SetArchiveExpiryNotifiedAsync(archive.Id, now, cancellationToken).ConfigureAwait(false);
    }

    private async Task NotifyAsync(ArchiveInfo archive, RuleInfo rule, DateTimeOffset expiry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"archive {archive.Id} of rule {rule.Settings.Name} ({archive.ResourceType} {archive.Resource}) in pool {archive.Pool} expired at {expiry:u}; it is kept (the rule only notifies)");
        await notifier.NotifyAsync(new Notice(NotifyEvent.Expiry, rule.Id, rule.Settings.Name, archive.Resource, archive.Id, null, summary), cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(BackupScheduler.Actor, "archive.expiry.notify", $"archive {archive.Id}", summary, cancellationToken).ConfigureAwait(false);
        await catalog.SetArchiveExpiryNotifiedAsync(archive.Id, now, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "archive {ArchiveId} in pool {Pool}: {Details}")]
    private static partial void LogExpired(ILogger logger, string archiveId, string pool, string details);

    [LoggerMessage(Level = LogLevel.Information, Message = "archive {ArchiveId} in pool {Pool} has expired but is kept: {Reason}")]
    private static partial void LogKept(ILogger logger, string archiveId, string pool, string reason);
}
