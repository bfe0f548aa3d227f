using RuBackup.Api;

namespace RuBackup.Catalog;

/// <summary>A rules row: the template columns every rule shares with a strategy, the resource, and the scheduler's and strategies' marks.</summary>
internal sealed class RuleRow : RuleTemplateColumns
{
    public string Resource { get; set; } = "";

    public string? ResourceName { get; set; }

    public long? LastRunAt { get; set; }

    public long? StrategyId { get; set; }

    public string? Note { get; set; }

    public long? ScheduleCursorAt { get; set; }

    /// <summary>The settings columns, in the order of the table (for INSERT and UPDATE).</summary>
    public const string SettingsColumns =
        "name, client, client_group, resource_type, resource, resource_name, pool, max_volume_gb, backup_type, schedule, " +
        "retention_days, verify_every_days, lifetime_until, encryption, script_before_snapshot, script_after_snapshot, script_after_backup, " +
        "on_expiry, move_to_pool, move_after_days, client_may_delete, notify, enable_after_creation, notify_on";

    public const string SettingsParameters =
        "@Name, @Client, @ClientGroup, @ResourceType, @Resource, @ResourceName, @Pool, @MaxVolumeGb, @BackupType, @Schedule, " +
        "@RetentionDays, @VerifyEveryDays, @LifetimeUntil, @Encryption, @ScriptBeforeSnapshot, @ScriptAfterSnapshot, @ScriptAfterBackup, " +
        "@OnExpiry, @MoveToPool, @MoveAfterDays, @ClientMayDelete, @Notify, @EnableAfterCreation, @NotifyOn";

    public static RuleRow From(RuleSettings settings)
    {
        var row = new RuleRow { Resource = settings.Resource, ResourceName = settings.ResourceName };
        row.Fill(settings);
        return row;
    }

    public RuleInfo ToInfo() => new(
        Id,
        Settings(Resource, ResourceName, "rules"),
        ColumnValues.Enum<RuleStatus>(Status, "rules.status"),
        ColumnValues.Time(CreatedAt),
        ColumnValues.Time(LastRunAt))
    {
        StrategyId = StrategyId,
        Note = Note,
        ScheduledThrough = ColumnValues.Time(ScheduleCursorAt),
    };
}
