using RuBackup.Api;
using RuBackup.Catalog;

namespace RuBackup.Server.Notifications;

/// <summary>
/// Turns a notice into outbox rows: one per address of its rule when the rule's NotifyOn selects the
/// event (e-mail or webhook by the address's form), delivered later by <see cref="NotificationSender"/>.
/// Every notice also goes to the server log, whether or not anyone is told.
/// </summary>
public sealed partial class OutboxNotifier(ICatalog catalog, OutboxSignal signal, TimeProvider time, ILogger<OutboxNotifier> logger) : INotifier
{
    public async Task NotifyAsync(Notice notice, CancellationToken cancellationToken) =>
        await EnqueueAsync(notice, null, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The notice of a finished task: queued together with the task's mark, so it is queued exactly once;
    /// false (nothing queued, nothing logged) when the task had been turned into notices already.
    /// </summary>
    public Task<bool> NotifyTaskOutcomeAsync(Notice notice, long taskId, CancellationToken cancellationToken) =>
        EnqueueAsync(notice, taskId, cancellationToken);

    private async Task<bool> EnqueueAsync(Notice notice, long? taskId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var now = time.GetUtcNow();
        var at = notice.Time ?? now;
        var rule = notice.RuleId is { } ruleId ? await catalog.FindRuleAsync(ruleId, cancellationToken).ConfigureAwait(false) : null;
        if (rule is not null && notice.RuleName is null)
        {
            notice = notice with { RuleName = rule.Settings.Name };
        }
        var messages = new List<NotificationInfo>();
        if (rule is not null && rule.Settings.NotifyOn.Contains(notice.Event))
        {
            foreach (var address in rule.Settings.Notify.Distinct(StringComparer.Ordinal))
            {
                if (NotifyAddress.ChannelOf(address) is not { } channel)
                {
                    // Refused when rules are saved; one stored before that check is skipped, and said so.
                    LogBadAddress(logger, rule.Settings.Name, address);
                    continue;
                }
                messages.Add(new NotificationInfo
                {
                    Id = 0,
                    Created = now,
                    Event = notice.Event,
                    RuleId = rule.Id,
                    TaskId = notice.TaskId,
                    ArchiveId = notice.ArchiveId,
                    Address = address,
                    Channel = channel,
                    Subject = NoticeMessages.Subject(notice),
                    Body = channel == NotificationChannel.Email ? NoticeMessages.TextBody(notice, at) : NoticeMessages.WebhookBody(notice, at),
                    State = NotificationState.Pending,
                    NextAttempt = now,
                });
            }
        }
        if (!await catalog.EnqueueNotificationsAsync(messages, taskId, now, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        if (messages.Count > 0)
        {
            signal.Queued.Pulse();
        }
        LogNotice(logger, NoticeMessages.Label(notice.Event), notice.Summary, messages.Count);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "notice ({Event}): {Summary} ({Messages} message(s) queued)")]
    private static partial void LogNotice(ILogger logger, string @event, string summary, int messages);

    [LoggerMessage(Level = LogLevel.Warning, Message = "rule {Rule}: notification address '{Address}' is neither an e-mail address nor an http(s) URL; skipped")]
    private static partial void LogBadAddress(ILogger logger, string rule, string address);
}
