using RuBackup.Api;

namespace RuBackup.Catalog;

/// <summary>A notifications row (the outbox). Read through <see cref="Select"/>, whose aliases name the properties.</summary>
internal sealed class NotificationRow
{
    public long Id { get; set; }

    public long CreatedAt { get; set; }

    public string Event { get; set; } = "";

    public long? RuleId { get; set; }

    public long? TaskId { get; set; }

    public string? ArchiveId { get; set; }

    public string Address { get; set; } = "";

    public string Channel { get; set; } = "";

    public string Subject { get; set; } = "";

    public string Body { get; set; } = "";

    public string State { get; set; } = "";

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public long? SentAt { get; set; }

    public long? NextAttemptAt { get; set; }

    /// <summary>Every column, aliased to the property names (this row type needs no registered column map).</summary>
    public const string Select =
        "id AS Id, created_at AS CreatedAt, event AS Event, rule_id AS RuleId, task_id AS TaskId, archive_id AS ArchiveId, " +
        "address AS Address, channel AS Channel, subject AS Subject, body AS Body, state AS State, attempts AS Attempts, " +
        "last_error AS LastError, sent_at AS SentAt, next_attempt_at AS NextAttemptAt";

    public const string Columns =
        "created_at, event, rule_id, task_id, archive_id, address, channel, subject, body, state, attempts, last_error, sent_at, next_attempt_at";

    public const string Parameters =
        "@CreatedAt, @Event, @RuleId, @TaskId, @ArchiveId, @Address, @Channel, @Subject, @Body, @State, @Attempts, @LastError, @SentAt, @NextAttemptAt";

    public static NotificationRow From(NotificationInfo message) => new()
    {
        CreatedAt = ColumnValues.Ms(message.Created),
        Event = ColumnValues.Text(message.Event),
        RuleId = message.RuleId,
        TaskId = message.TaskId,
        ArchiveId = message.ArchiveId,
        Address = message.Address,
        Channel = ColumnValues.Text(message.Channel),
        Subject = message.Subject,
        Body = message.Body,
        State = ColumnValues.Text(message.State),
        Attempts = message.Attempts,
        LastError = message.LastError,
        SentAt = ColumnValues.Ms(message.Sent),
        NextAttemptAt = ColumnValues.Ms(message.NextAttempt),
    };

    public NotificationInfo ToInfo() => new()
    {
        Id = Id,
        Created = ColumnValues.Time(CreatedAt),
        Event = ColumnValues.Enum<NotifyEvent>(Event, "notifications.event"),
        RuleId = RuleId,
        TaskId = TaskId,
        ArchiveId = ArchiveId,
        Address = Address,
        Channel = ColumnValues.Enum<NotificationChannel>(Channel, "notifications.channel"),
        Subject = Subject,
        Body = Body,
        State = ColumnValues.Enum<NotificationState>(State, "notifications.state"),
        Attempts = Attempts,
        LastError = LastError,
        Sent = ColumnValues.Time(SentAt),
        NextAttempt = ColumnValues.Time(NextAttemptAt),
    };
}
