using System.Text.Json.Serialization;

namespace RuBackup.Api;

[JsonConverter(typeof(JsonStringEnumConverter<RuleStatus>))]
public enum RuleStatus
{
    /// <summary>Makes tasks on its schedule.</summary>
    Run,

    /// <summary>Makes no tasks by itself; "run now" still works.</summary>
    Wait,
}

[JsonConverter(typeof(JsonStringEnumConverter<BackupKind>))]
public enum BackupKind
{
    Full,
    Incremental,
    Differential,
}

/// <summary>What to do with a backup whose retention period has passed.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExpiryAction>))]
public enum ExpiryAction
{
    Delete,
    Notify,
}

/// <summary>The events of a rule its notification addresses may be told of.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NotifyEvent>))]
public enum NotifyEvent
{
    /// <summary>A backup of the rule finished.</summary>
    Success,

    /// <summary>A backup of the rule failed (also: it could not start, its lease was lost).</summary>
    Failure,

    /// <summary>An archive of the rule passed its retention period (deleted, or only announced).</summary>
    Expiry,

    /// <summary>A verification found an archive of the rule damaged.</summary>
    VerifyFailure,
}

/// <summary>
/// Every setting of the document's rule dialog. A rule names either one client or a cluster group of
/// clients (any of them may take its tasks). Periods are whole days. Null means "not set".
/// </summary>
public sealed record RuleSettings
{
    public required string Name { get; init; }

    /// <summary>Client name; exactly one of Client and ClientGroup is set.</summary>
    public string? Client { get; init; }

    public string? ClientGroup { get; init; }

    /// <summary>"rustack" (the only module so far).</summary>
    public string ResourceType { get; init; } = "rustack";

    /// <summary>The VM's id as the client's `-l` list gives it.</summary>
    public required string Resource { get; init; }

    public string? ResourceName { get; init; }

    public required string Pool { get; init; }

    /// <summary>Maximum volume of the rule's backups, GB.</summary>
    public double? MaxVolumeGb { get; init; }

    public BackupKind BackupType { get; init; } = BackupKind.Full;

    /// <summary>Cron expression, five fields (minute hour day month weekday).</summary>
    public required string Schedule { get; init; }

    public int RetentionDays { get; init; } = 30;

    public int? VerifyEveryDays { get; init; }

    /// <summary>The rule stops making tasks after this moment.</summary>
    public DateTimeOffset? LifetimeUntil { get; init; }

    /// <summary>Protective transformation: "nocrypt" or an algorithm name (issue 7 adds the table).</summary>
    public string Encryption { get; init; } = "nocrypt";

    public string? ScriptBeforeSnapshot { get; init; }

    public string? ScriptAfterSnapshot { get; init; }

    /// <summary>
    /// A program on the client host run after a successful backup, with the archive exported to one
    /// file whose path and id are in its environment (RUBACKUP_ARCHIVE_FILE, RUBACKUP_ARCHIVE_ID); it
    /// may transform the file but must keep its name. Null or empty: none.
    /// </summary>
    public string? ScriptAfterBackup { get; init; }

    public ExpiryAction OnExpiry { get; init; } = ExpiryAction.Delete;

    public string? MoveToPool { get; init; }

    public int? MoveAfterDays { get; init; }

    public bool ClientMayDelete { get; init; }

    /// <summary>Addresses told of the rule's results: e-mail addresses, or http(s) URLs of webhooks.</summary>
    public IReadOnlyList<string> Notify { get; init; } = [];

    /// <summary>Which events reach <see cref="Notify"/>.</summary>
    public IReadOnlyList<NotifyEvent> NotifyOn { get; init; } = [NotifyEvent.Failure, NotifyEvent.Expiry, NotifyEvent.VerifyFailure];

    /// <summary>Off: the rule is created in status wait.</summary>
    public bool EnableAfterCreation { get; init; } = true;
}

public sealed record RuleInfo(long Id, RuleSettings Settings, RuleStatus Status, DateTimeOffset Created, DateTimeOffset? LastRun)
{
    /// <summary>The strategy that generated this rule; null for a rule made by hand.</summary>
    public long? StrategyId { get; init; }

    /// <summary>Why the rule makes no tasks although in status run (its lifetime ended), or null.</summary>
    public string? Note { get; init; }

    /// <summary>The last schedule occurrence the scheduler has handled (made a task for, or skipped).</summary>
    public DateTimeOffset? ScheduledThrough { get; init; }

    /// <summary>The next occurrence of the schedule (computed when listed, not stored); null when none will come.</summary>
    public DateTimeOffset? NextRun { get; init; }
}
