using RuBackup.Api;

namespace RuBackup.Catalog;

/// <summary>
/// The columns a rule shares with a strategy (whose settings are the template of the rules it makes):
/// every <see cref="RuleSettings"/> field but the resource, one column each (Notify and NotifyOn as JSON
/// text). Both tables convert them here, so a strategy and its rules store a setting the same way.
/// </summary>
internal abstract class RuleTemplateColumns
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string? Client { get; set; }

    public string? ClientGroup { get; set; }

    public string ResourceType { get; set; } = "";

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

    public string? ScriptAfterBackup { get; set; }

    public string OnExpiry { get; set; } = "";

    public string? MoveToPool { get; set; }

    public int? MoveAfterDays { get; set; }

    public bool ClientMayDelete { get; set; }

    public string Notify { get; set; } = "[]";

    public bool EnableAfterCreation { get; set; }

    public string NotifyOn { get; set; } = "[]";

    public string Status { get; set; } = "";

    public long CreatedAt { get; set; }

    protected void Fill(RuleSettings settings)
    {
        Name = settings.Name;
        Client = settings.Client;
        ClientGroup = settings.ClientGroup;
        ResourceType = settings.ResourceType;
        Pool = settings.Pool;
        MaxVolumeGb = settings.MaxVolumeGb;
        BackupType = ColumnValues.Text(settings.BackupType);
        Schedule = settings.Schedule;
        RetentionDays = settings.RetentionDays;
        VerifyEveryDays = settings.VerifyEveryDays;
        LifetimeUntil = ColumnValues.Ms(settings.LifetimeUntil);
        Encryption = settings.Encryption;
        ScriptBeforeSnapshot = settings.ScriptBeforeSnapshot;
        ScriptAfterSnapshot = settings.ScriptAfterSnapshot;
        ScriptAfterBackup = settings.ScriptAfterBackup;
        OnExpiry = ColumnValues.Text(settings.OnExpiry);
        MoveToPool = settings.MoveToPool;
        MoveAfterDays = settings.MoveAfterDays;
        ClientMayDelete = settings.ClientMayDelete;
        Notify = ColumnValues.Json(settings.Notify);
        EnableAfterCreation = settings.EnableAfterCreation;
        NotifyOn = ColumnValues.Json((settings.NotifyOn ?? []).Select(e => ColumnValues.Text(e)).ToList());
    }

    /// <param name="table">Names the table in the message about a column that holds something invalid.</param>
    protected RuleSettings Settings(string resource, string? resourceName, string table) => new()
    {
        Name = Name,
        Client = Client,
        ClientGroup = ClientGroup,
        ResourceType = ResourceType,
        Resource = resource,
        ResourceName = resourceName,
        Pool = Pool,
        MaxVolumeGb = MaxVolumeGb,
        BackupType = ColumnValues.Enum<BackupKind>(BackupType, table + ".backup_type"),
        Schedule = Schedule,
        RetentionDays = RetentionDays,
        VerifyEveryDays = VerifyEveryDays,
        LifetimeUntil = ColumnValues.Time(LifetimeUntil),
        Encryption = Encryption,
        ScriptBeforeSnapshot = ScriptBeforeSnapshot,
        ScriptAfterSnapshot = ScriptAfterSnapshot,
        ScriptAfterBackup = ScriptAfterBackup,
        OnExpiry = ColumnValues.Enum<ExpiryAction>(OnExpiry, table + ".on_expiry"),
        MoveToPool = MoveToPool,
        MoveAfterDays = MoveAfterDays,
        ClientMayDelete = ClientMayDelete,
        Notify = ColumnValues.List(Notify, table + ".notify"),
        EnableAfterCreation = EnableAfterCreation,
        NotifyOn = ColumnValues.List(NotifyOn, table + ".notify_on").Select(e => ColumnValues.Enum<NotifyEvent>(e, table + ".notify_on")).ToList(),
    };
}
