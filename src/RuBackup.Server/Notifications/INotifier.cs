using RuBackup.Api;

namespace RuBackup.Server.Notifications;

/// <summary>
/// One thing worth telling a rule's addresses: what happened, to which rule, resource, archive and task,
/// and the error when there was one. <see cref="Summary"/> is one line for a subject or a log.
/// </summary>
public sealed record Notice(
    NotifyEvent Event,
    long? RuleId,
    string? RuleName,
    string? Resource,
    string? ArchiveId,
    long? TaskId,
    string Summary,
    string? Error = null)
{
    /// <summary>The client that ran the task, when there was one.</summary>
    public string? Client { get; init; }

    /// <summary>When it happened; null: when the notice is handed over.</summary>
    public DateTimeOffset? Time { get; init; }
}

/// <summary>
/// Where the server's lifecycle parts (scheduler, retention, verification, leases) report events. The
/// implementation decides, from the rule's Notify and NotifyOn settings, who is told and how, and must
/// not throw for a delivery problem: a failed delivery is recorded and retried, never lost silently.
/// </summary>
public interface INotifier
{
    Task NotifyAsync(Notice notice, CancellationToken cancellationToken);
}
