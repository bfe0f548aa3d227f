using RuBackup.Api;

namespace RuBackup.Catalog;

/// <summary>
/// A strategies row: the columns of a rule's settings (without resource and resource name) plus the name
/// pattern. The template's values are converted exactly as <see cref="RuleRow"/> converts them, by going
/// through it, so a strategy and the rules it generates store a setting the same way.
/// </summary>
internal sealed class StrategyRow
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string? Client { get; set; }

    public string? ClientGroup { get; set; }

    public string ResourceType { get; set; } = "";

    public string NamePattern { get; set; } = "";

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

    public string Status { get; set; } = "";

    public long CreatedAt { get; set; }

    public const string SettingsColumns =
        "name, client, client_group, resource_type, name_pattern, pool, max_volume_gb, backup_type, schedule, " +
        "retention_days, verify_every_days, lifetime_until, encryption, script_before_snapshot, script_after_snapshot, " +
        "on_expiry, move_to_pool, move_after_days, client_may_delete, notify, enable_after_creation, notify_on";

    public const string SettingsParameters =
        "@Name, @Client, @ClientGroup, @ResourceType, @NamePattern, @Pool, @MaxVolumeGb, @BackupType, @Schedule, " +
        "@RetentionDays, @VerifyEveryDays, @LifetimeUntil, @Encryption, @ScriptBeforeSnapshot, @ScriptAfterSnapshot, " +
        "@OnExpiry, @MoveToPool, @MoveAfterDays, @ClientMayDelete, @Notify, @EnableAfterCreation, @NotifyOn";

    public static StrategyRow From(StrategySettings settings)
    {
        var rule = RuleRow.From(settings.ToRule(settings.Name, "", null));
        return new()
        {
            Name = rule.Name,
            Client = rule.Client,
            ClientGroup = rule.ClientGroup,
            ResourceType = rule.ResourceType,
            NamePattern = settings.NamePattern,
            Pool = rule.Pool,
            MaxVolumeGb = rule.MaxVolumeGb,
            BackupType = rule.BackupType,
            Schedule = rule.Schedule,
            RetentionDays = rule.RetentionDays,
            VerifyEveryDays = rule.VerifyEveryDays,
            LifetimeUntil = rule.LifetimeUntil,
            Encryption = rule.Encryption,
            ScriptBeforeSnapshot = rule.ScriptBeforeSnapshot,
            ScriptAfterSnapshot = rule.ScriptAfterSnapshot,
            OnExpiry = rule.OnExpiry,
            MoveToPool = rule.MoveToPool,
            MoveAfterDays = rule.MoveAfterDays,
            ClientMayDelete = rule.ClientMayDelete,
            Notify = rule.Notify,
            EnableAfterCreation = rule.EnableAfterCreation,
            NotifyOn = rule.NotifyOn,
        };
    }

    public StrategyInfo ToInfo(IReadOnlyList<long> ruleIds)
    {
        var rule = new RuleRow
        {
            Name = Name,
            Client = Client,
            ClientGroup = ClientGroup,
            ResourceType = ResourceType,
            Pool = Pool,
            MaxVolumeGb = MaxVolumeGb,
            BackupType = BackupType,
            Schedule = Schedule,
            RetentionDays = RetentionDays,
            VerifyEveryDays = VerifyEveryDays,
            LifetimeUntil = LifetimeUntil,
            Encryption = Encryption,
            ScriptBeforeSnapshot = ScriptBeforeSnapshot,
            ScriptAfterSnapshot = ScriptAfterSnapshot,
            OnExpiry = OnExpiry,
            MoveToPool = MoveToPool,
            MoveAfterDays = MoveAfterDays,
            ClientMayDelete = ClientMayDelete,
            Notify = Notify,
            EnableAfterCreation = EnableAfterCreation,
            NotifyOn = NotifyOn,
            Status = Status,
            CreatedAt = CreatedAt,
        }.ToInfo();
        return new StrategyInfo(
            Id,
            StrategySettings.FromRule(rule.Settings, NamePattern),
            ColumnValues.Enum<RuleStatus>(Status, "strategies.status"),
            ColumnValues.Time(CreatedAt),
            ruleIds);
    }
}
