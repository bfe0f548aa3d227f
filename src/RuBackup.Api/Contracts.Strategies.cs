namespace RuBackup.Api;

/// <summary>
/// A strategy: one set of rule settings applied to every VM of a client (or of a cluster group's
/// authorized clients) whose name matches <see cref="NamePattern"/>, including VMs reported later.
/// The server turns each matching VM into an ordinary rule ("STRATEGY/VM") marked with the strategy's
/// id. Every field but Name, NamePattern and the client is the template of the generated rules and means
/// what the field of the same name in <see cref="RuleSettings"/> means.
/// </summary>
public sealed record StrategySettings
{
    public required string Name { get; init; }

    /// <summary>Client name; exactly one of Client and ClientGroup is set.</summary>
    public string? Client { get; init; }

    public string? ClientGroup { get; init; }

    /// <summary>"rustack" (the only module so far).</summary>
    public string ResourceType { get; init; } = "rustack";

    /// <summary>Glob over the VM names the client reports: * any run of characters, ? one character; case-sensitive ("web-*").</summary>
    public required string NamePattern { get; init; }

    public required string Pool { get; init; }

    public double? MaxVolumeGb { get; init; }

    public BackupKind BackupType { get; init; } = BackupKind.Full;

    public required string Schedule { get; init; }

    public int RetentionDays { get; init; } = 30;

    public int? VerifyEveryDays { get; init; }

    public DateTimeOffset? LifetimeUntil { get; init; }

    public string Encryption { get; init; } = "nocrypt";

    public string? ScriptBeforeSnapshot { get; init; }

    public string? ScriptAfterSnapshot { get; init; }

    public string? ScriptAfterBackup { get; init; }

    public ExpiryAction OnExpiry { get; init; } = ExpiryAction.Delete;

    public string? MoveToPool { get; init; }

    public int? MoveAfterDays { get; init; }

    public bool ClientMayDelete { get; init; }

    public IReadOnlyList<string> Notify { get; init; } = [];

    public IReadOnlyList<NotifyEvent> NotifyOn { get; init; } = [NotifyEvent.Failure, NotifyEvent.Expiry, NotifyEvent.VerifyFailure];

    /// <summary>Off: the strategy (and so every rule it generates) is created in status wait.</summary>
    public bool EnableAfterCreation { get; init; } = true;

    /// <summary>The settings of the rule this strategy generates for one VM.</summary>
    public RuleSettings ToRule(string ruleName, string resource, string? resourceName) => new()
    {
        Name = ruleName,
        Client = Client,
        ClientGroup = ClientGroup,
        ResourceType = ResourceType,
        Resource = resource,
        ResourceName = resourceName,
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
        ScriptAfterBackup = ScriptAfterBackup,
        OnExpiry = OnExpiry,
        MoveToPool = MoveToPool,
        MoveAfterDays = MoveAfterDays,
        ClientMayDelete = ClientMayDelete,
        Notify = Notify,
        NotifyOn = NotifyOn,
        EnableAfterCreation = EnableAfterCreation,
    };

    /// <summary>A strategy whose template is <paramref name="rule"/>'s settings (its Name becomes the strategy's; Resource is ignored).</summary>
    public static StrategySettings FromRule(RuleSettings rule, string namePattern)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new()
        {
            Name = rule.Name,
            Client = rule.Client,
            ClientGroup = rule.ClientGroup,
            ResourceType = rule.ResourceType,
            NamePattern = namePattern,
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
            ScriptAfterBackup = rule.ScriptAfterBackup,
            OnExpiry = rule.OnExpiry,
            MoveToPool = rule.MoveToPool,
            MoveAfterDays = rule.MoveAfterDays,
            ClientMayDelete = rule.ClientMayDelete,
            Notify = rule.Notify,
            NotifyOn = rule.NotifyOn,
            EnableAfterCreation = rule.EnableAfterCreation,
        };
    }
}

/// <summary>A strategy as stored, with the ids of the rules it generated (ascending).</summary>
public sealed record StrategyInfo(long Id, StrategySettings Settings, RuleStatus Status, DateTimeOffset Created, IReadOnlyList<long> RuleIds);
