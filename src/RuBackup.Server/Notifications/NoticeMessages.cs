using System.Globalization;
using System.Text;
using System.Text.Json;
using RuBackup.Api;

namespace RuBackup.Server.Notifications;

/// <summary>
/// The texts of a notice, made when it is queued so the outbox row holds exactly what is delivered: a
/// subject, a plain-text e-mail body listing every field, and the webhook's JSON document.
/// </summary>
public static class NoticeMessages
{
    public const int MaxSubjectLength = 200;

    /// <summary>The webhook document's "event" of a test message.</summary>
    public const string TestEvent = "Test";

    /// <summary>"success", "failure", "expiry", "verify failure".</summary>
    public static string Label(NotifyEvent notifyEvent) => notifyEvent switch
    {
        NotifyEvent.VerifyFailure => "verify failure",
        _ => notifyEvent.ToString().ToLowerInvariant(),
    };

    /// <summary>"[RuBackup] failure: rule web-1 (VM web-1 [rustack vm-1]): first line of the error".</summary>
    public static string Subject(Notice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var subject = new StringBuilder("[RuBackup] ").Append(Label(notice.Event)).Append(": ");
        if (notice.RuleName is not null)
        {
            subject.Append("rule ").Append(notice.RuleName);
            if (notice.Resource is not null)
            {
                subject.Append(" (").Append(notice.Resource).Append(')');
            }
            subject.Append(": ");
        }
        subject.Append(FirstLine(notice.Error ?? notice.Summary));
        return Shorten(subject.ToString());
    }

    public static string TextBody(Notice notice, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var body = new StringBuilder();
        body.Append("RuBackup: ").Append(Label(notice.Event)).Append("\n\n");
        body.Append(notice.Summary).Append("\n\n");
        Field(body, "Event", Label(notice.Event));
        Field(body, "Rule", notice.RuleName is null ? null : $"{notice.RuleName} (id {Number(notice.RuleId)})");
        Field(body, "Resource", notice.Resource);
        Field(body, "Archive", notice.ArchiveId);
        Field(body, "Task", notice.TaskId is null ? null : Number(notice.TaskId));
        Field(body, "Client", notice.Client);
        Field(body, "Time", Time(time));
        Field(body, "Error", notice.Error);
        return body.ToString();
    }

    public static string WebhookBody(Notice notice, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return Json(notice.Event.ToString(), notice, time);
    }

    /// <summary>A test message's notice: no rule, no task; says where it came from.</summary>
    public static Notice TestNotice(string address) =>
        new(NotifyEvent.Success, null, null, null, null, null, $"test message from the RuBackup server to {address}: notifications reach this address");

    public static string TestSubject => "[RuBackup] test message";

    public static string TestWebhookBody(Notice notice, DateTimeOffset time) => Json(TestEvent, notice, time);

    private static string Json(string eventName, Notice notice, DateTimeOffset time) =>
        JsonSerializer.Serialize(
            new WebhookDocument(
                eventName,
                notice.RuleId is { } id ? new WebhookRule(id, notice.RuleName) : null,
                notice.Resource,
                notice.ArchiveId,
                notice.TaskId,
                notice.Client,
                notice.Error,
                notice.Summary,
                time),
            JsonSerializerOptions.Web);

    private static void Field(StringBuilder body, string name, string? value) =>
        body.Append(name).Append(':').Append(' ', Math.Max(1, 9 - name.Length)).Append(value ?? "-").Append('\n');

    private static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return (end < 0 ? text : text[..end]).Trim();
    }

    private static string Shorten(string text) => text.Length <= MaxSubjectLength ? text : text[..(MaxSubjectLength - 1)] + "…";

    private sealed record WebhookRule(long Id, string? Name);

    private sealed record WebhookDocument(
        string Event, WebhookRule? Rule, string? Resource, string? ArchiveId, long? TaskId, string? Client, string? Error, string Summary, DateTimeOffset Time);
}
