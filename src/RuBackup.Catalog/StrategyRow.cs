using RuBackup.Api;

namespace RuBackup.Catalog;

/// <summary>A strategies row: the template columns of the rules it makes (converted as a rule's are) and the name pattern.</summary>
internal sealed class StrategyRow : RuleTemplateColumns
{
    public string NamePattern { get; set; } = "";

    public const string SettingsColumns =
        "name, client, client_group, resource_type, name_pattern, pool, max_volume_gb, backup_type, schedule, " +
        "retention_days, verify_every_days, lifetime_until, encryption, script_before_snapshot, script_after_snapshot, script_after_backup, " +
        "on_expiry, move_to_pool, move_after_days, client_may_delete, notify, enable_after_creation, notify_on";

    public const string SettingsParameters =
        "@Name, @Client, @ClientGroup, @ResourceType, @NamePattern, @Pool, @MaxVolumeGb, @BackupType, @Schedule, " +
        "@RetentionDays, @VerifyEveryDays, @LifetimeUntil, @Encryption, @ScriptBeforeSnapshot, @ScriptAfterSnapshot, @ScriptAfterBackup, " +
        "@OnExpiry, @MoveToPool, @MoveAfterDays, @ClientMayDelete, @Notify, @EnableAfterCreation, @NotifyOn";

    public static StrategyRow From(StrategySettings settings)
    {
        var row = new StrategyRow { NamePattern = settings.NamePattern };
        row.Fill(settings.ToRule(settings.Name, "", null));
        return row;
    }

    public StrategyInfo ToInfo(IReadOnlyList<long> ruleIds) => new(
        Id,
        StrategySettings.FromRule(Settings("", null, "strategies"), NamePattern),
        ColumnValues.Enum<RuleStatus>(Status, "strategies.status"),
        ColumnValues.Time(CreatedAt),
        ruleIds);
}
