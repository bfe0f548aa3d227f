using System.Text.Json.Serialization;

namespace RuBackup.Api;

/// <summary>How a notification travels: an e-mail through the server's SMTP server, or an HTTP POST of JSON.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NotificationChannel>))]
public enum NotificationChannel
{
    Email,
    Webhook,
}

/// <summary>pending (waiting for its next attempt) → sent, or failed after the last attempt.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NotificationState>))]
public enum NotificationState
{
    Pending,
    Sent,
    Failed,
}

/// <summary>
/// One message to one address, as the server's outbox holds it. <see cref="Body"/> is exactly what is
/// delivered: plain text for an e-mail, the JSON document for a webhook.
/// </summary>
public sealed record NotificationInfo
{
    public required long Id { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required NotifyEvent Event { get; init; }

    public long? RuleId { get; init; }

    public long? TaskId { get; init; }

    public string? ArchiveId { get; init; }

    public required string Address { get; init; }

    public required NotificationChannel Channel { get; init; }

    public required string Subject { get; init; }

    public required string Body { get; init; }

    public required NotificationState State { get; init; }

    /// <summary>Delivery attempts made so far.</summary>
    public int Attempts { get; init; }

    /// <summary>Why the last attempt failed; null after a success or before the first attempt.</summary>
    public string? LastError { get; init; }

    public DateTimeOffset? Sent { get; init; }

    /// <summary>When a pending notification is tried (again); null once sent or failed.</summary>
    public DateTimeOffset? NextAttempt { get; init; }
}

/// <summary>Asks the server to send a test message to one address now (checks the SMTP settings or a webhook).</summary>
public sealed record TestNotificationRequest(string Address);

/// <param name="Error">Why it was not delivered; null when <paramref name="Delivered"/>.</param>
public sealed record TestNotificationResult(string Address, NotificationChannel Channel, bool Delivered, string? Error);
