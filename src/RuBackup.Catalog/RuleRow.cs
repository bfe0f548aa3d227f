using RuBackup.Api;

namespace RuBackup.Catalog;

/// <summary>A rules row: every field of <see cref="RuleSettings"/> in a column of its own (Notify as JSON text).</summary>
internal sealed class RuleRow
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string? Client { get; set; }

    public string? ClientGroup { get; set; }

    public string ResourceType { get; set; } = "";

    public string Resource { get; set; } = "";

    public string? ResourceName { get; set; }

    public string Pool { get; set; } = "";

    public double? MaxVolumeGb { get; set; }

    public string BackupType { get; set; } = "";

    public string Schedule { get; set; } = "";

    public int RetentionDays { get; set; }

    public int? VerifyEveryDays { get; set; }

    public long? LifetimeUntil { get; set; }

    public string Encryption { get; set; } = "";

    public string? ScriptBeforeSnapshot { get; set; }

    public string? ScriptAfterSnapshot { get; set; }

    public string OnExpiry { get; set; } = "";

    public string? MoveToPool { get; set; }

    public int? MoveAfterDays { get; set; }

    public bool ClientMayDelete { get; set; }

    public string Notify { get; set; } = "[]";

    public bool EnableAfterCreation { get; set; }

    public string NotifyOn { get; set; } = "[]";

    public long? StrategyId { get; set; }

    public string? Note { get; set; }

    public long? ScheduleCursorAt { get; set; }

    public string Status { get; set; } = "";

    public long CreatedAt { get; set; }

    public long? LastRunAt { get; set; }

    /// <summary>The settings columns, in the order of the table (for INSERT and UPDATE).</summary>
    public const string SettingsColumns =
        "name, client, client_group, resource_type, resource, resource_name, pool, max_volume_gb, backup_type, schedule, " +
        "retention_days, verify_every_days, lifetime_until, encryption, script_before_snapshot, script_after_snapshot, " +
        "on_expiry, move_to_pool, move_after_days, client_may_delete, notify, enable_after_creation, notify_on";

    public const string SettingsParameters =
        "@Name, @Client, @ClientGroup, @ResourceType, @Resource, @ResourceName, @Pool, @MaxVolumeGb, @BackupType, @Schedule, " +
        "@RetentionDays, @VerifyEveryDays, @LifetimeUntil, @Encryption, @ScriptBeforeSnapshot, @ScriptAfterSnapshot, " +
        "@OnExpiry, @MoveToPool, @MoveAfterDays, @ClientMayDelete, @Notify, @EnableAfterCreation, @NotifyOn";

    public static RuleRow From(RuleSettings settings) => new()
    {
        Name = settings.Name,
        Client = settings.Client,
        ClientGroup = settings.ClientGroup,
        ResourceType = settings.ResourceType,
        Resource = settings.Resource,
        ResourceName = settings.ResourceName,
        Pool = settings.Pool,
        MaxVolumeGb = settings.MaxVolumeGb,
        BackupType = ColumnValues.Text(settings.BackupType),
        Schedule = settings.Schedule,
        RetentionDays = settings.RetentionDays,
        VerifyEveryDays = settings.VerifyEveryDays,
        LifetimeUntil = ColumnValues.Ms(settings.LifetimeUntil),
        Encryption = settings.Encryption,
        ScriptBeforeSnapshot = settings.ScriptBeforeSnapshot,
        ScriptAfterSnapshot = settings.ScriptAfterSnapshot,
        OnExpiry = ColumnValues.Text(settings.OnExpiry),
        MoveToPool = settings.MoveToPool,
        MoveAfterDays = settings.MoveAfterDays,
        ClientMayDelete = settings.ClientMayDelete,
        Notify = ColumnValues.Json(settings.Notify),
        EnableAfterCreation = settings.EnableAfterCreation,
        NotifyOn = ColumnValues.Json((settings.NotifyOn ?? []).Select(e => ColumnValues.Text(e)).ToList()),
    };

    public RuleInfo ToInfo() => new(
        Id,
        new RuleSettings
        {
            Name = Name,
            Client = Client,
            ClientGroup = ClientGroup,
            ResourceType = ResourceType,
            Resource = Resource,
            ResourceName = ResourceName,
            Pool = Pool,
            MaxVolumeGb = MaxVolumeGb,
            BackupType = ColumnValues.Enum<BackupKind>(BackupType, "rules.backup_type"),
            Schedule = Schedule,
            RetentionDays = RetentionDays,
            VerifyEveryDays = VerifyEveryDays,
            LifetimeUntil = ColumnValues.Time(LifetimeUntil),
            Encryption = Encryption,
            ScriptBeforeSnapshot = ScriptBeforeSnapshot,
            ScriptAfterSnapshot = ScriptAfterSnapshot,
            OnExpiry = ColumnValues.Enum<ExpiryAction>(OnExpiry, "rules.on_expiry"),
            MoveToPool = MoveToPool,
            MoveAfterDays = MoveAfterDays,
            ClientMayDelete = ClientMayDelete,
            Notify = ColumnValues.List(Notify, "rules.notify"),
            EnableAfterCreation = EnableAfterCreation,
            NotifyOn = ColumnValues.List(NotifyOn, "rules.notify_on").Select(e => ColumnValues.Enum<NotifyEvent>(e, "rules.notify_on")).ToList(),
        },
        ColumnValues.Enum<RuleStatus>(Status, "rules.status"),
        ColumnValues.Time(CreatedAt),
        ColumnValues.Time(LastRunAt))
    {
        StrategyId = StrategyId,
        Note = Note,
        ScheduledThrough = ColumnValues.Time(ScheduleCursorAt),
    };
}
