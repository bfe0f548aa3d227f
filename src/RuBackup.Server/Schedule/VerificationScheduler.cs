using System.Globalization;
using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Server.Archives;
using RuBackup.Server.Services;
using RuBackup.Server.Tasks;

namespace RuBackup.Server.Schedule;

/// <summary>
/// Periodic verification: for each rule with VerifyEveryDays, the head of its newest chain (its newest
/// archive, when ok) is verified once that many days have passed since its last clean verification, or
/// since it was made. A clean result sets verified_at, which restarts the period; a failure marks the
/// archive damaged, after which the rule's next backup is full and nothing more is verified here.
/// </summary>
public sealed partial class VerificationScheduler(ICatalog catalog, TaskQueue queue, AuditLog audit, TimeProvider time, ILogger<VerificationScheduler> logger)
{
    public async Task TickAsync(IReadOnlyList<RuleInfo> rules, ActiveTasks active, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(active);
        var now = time.GetUtcNow();
        foreach (var rule in rules)
        {
            if (rule.Settings.VerifyEveryDays is not ({ } days and > 0))
            {
                continue;
            }
            var archives = await catalog.ListArchivesAsync(new ArchiveQuery(RuleId: rule.Id), cancellationToken).ConfigureAwait(false);
            var head = archives.Where(a => a.Status != ArchiveService.Committing).MaxBy(a => (a.Created, a.Id));
            if (head is not { Status: ArchiveService.Ok } || (head.VerifiedAt ?? head.Created).AddDays(days) > now
                || active.OfArchive(head.Id, TaskKind.Verify) is not null)
            {
                continue;
            }
            var task = await queue.EnqueueAsync(ArchiveTasks.New(TaskKind.Verify, head, BackupScheduler.Actor), cancellationToken).ConfigureAwait(false);
            active.Add(task);
            var details = string.Create(CultureInfo.InvariantCulture,
                $"verify task {task.Id}: last verified {(head.VerifiedAt is { } at ? at.ToString("u", CultureInfo.InvariantCulture) : "never")}, every {days} day(s)");
            LogVerify(logger, head.Id, rule.Id, details);
            await audit.RecordAsync(BackupScheduler.Actor, "archive.verify", $"archive {head.Id}", details, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "archive {ArchiveId} of rule {RuleId}: {Details}")]
    private static partial void LogVerify(ILogger logger, string archiveId, long ruleId, string details);
}
