using System.Globalization;
using Cronos;
using RuBackup.Api;
using RuBackup.Rbm.Text;

namespace RuBackup.Rbm.Components.Rules;

/// <summary>
/// What the rule form and the strategy form edit: the settings a rule and a strategy's template share,
/// held as the text the user typed (numbers too), so a bad entry stays on screen with its message
/// instead of vanishing in a conversion. <see cref="TryBuild"/> checks it the way the server would and
/// gives the rule settings; the strategy form turns them into its template.
/// </summary>
public sealed class TemplateForm
{
    /// <summary>Fields of the additional tab: a refusal naming one of them opens that tab.</summary>
    public static readonly IReadOnlySet<string> AdditionalFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "onExpiry", "moveToPool", "moveAfterDays", "clientMayDelete", "notify", "notifyOn",
    };

    /// <summary>Fields that show a message of their own (the rest go to a snackbar).</summary>
    private static readonly HashSet<string> FieldsWithMessages = new(StringComparer.Ordinal)
    {
        "name", "client", "clientGroup", "resourceType", "resource", "resourceName", "namePattern", "pool", "maxVolumeGb", "backupType",
        "schedule", "retentionDays", "verifyEveryDays", "lifetimeUntil", "encryption", "onExpiry", "moveToPool", "moveAfterDays", "notify",
        "scriptAfterBackup",
    };

    /// <summary>What the server accepts, as it stores it: no encryption, AES-256-GCM, and every (algorithm, key length) of Table 1 by its label.</summary>
    public static readonly IReadOnlyList<string> Encryptions = ["nocrypt", "aes-256-gcm", .. RuBackup.Crypto.CipherCatalog.Suites.Select(s => s.Label)];

    public string Name { get; set; } = "";

    /// <summary>True: the rule names a cluster group; false: one client.</summary>
    public bool ForGroup { get; set; }

    public string? Client { get; set; }

    public string? ClientGroup { get; set; }

    public string ResourceType { get; set; } = "rustack";

    public string? Pool { get; set; }

    public string MaxVolumeGb { get; set; } = "";

    public BackupKind BackupType { get; set; } = BackupKind.Full;

    public string Schedule { get; set; } = "0 3 * * *";

    public string RetentionDays { get; set; } = "30";

    public string VerifyEveryDays { get; set; } = "";

    /// <summary>"yyyy-MM-ddTHH:mm" (a datetime-local input), read as UTC; empty: no end.</summary>
    public string LifetimeUntil { get; set; } = "";

    public string Encryption { get; set; } = "nocrypt";

    public string ScriptBeforeSnapshot { get; set; } = "";

    public string ScriptAfterSnapshot { get; set; } = "";

    /// <summary>The program the client runs after a successful backup (an absolute path), or empty.</summary>
    public string ScriptAfterBackup { get; set; } = "";

    public ExpiryAction OnExpiry { get; set; } = ExpiryAction.Delete;

    public string? MoveToPool { get; set; }

    public string MoveAfterDays { get; set; } = "";

    public bool ClientMayDelete { get; set; }

    /// <summary>One address a line.</summary>
    public string Notify { get; set; } = "";

    public HashSet<NotifyEvent> NotifyOn { get; } = [NotifyEvent.Failure, NotifyEvent.Expiry, NotifyEvent.VerifyFailure];

    public bool EnableAfterCreation { get; set; } = true;

    public FieldErrors Errors { get; } = new();

    /// <summary>Whether the form has a place for a message about the server's <paramref name="field"/>.</summary>
    public bool Shows(string field) => FieldsWithMessages.Contains(field);

    /// <summary>Where a message about <paramref name="field"/> is shown (the client or the group: whichever the form has).</summary>
    public string FieldShown(string field) => field switch
    {
        "client" or "clientGroup" => ForGroup ? "clientGroup" : "client",
        "resourceName" => "resource",
        _ => field,
    };

    public static TemplateForm From(RuleSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var form = new TemplateForm
        {
            Name = settings.Name,
            ForGroup = settings.ClientGroup is not null,
            Client = settings.Client,
            ClientGroup = settings.ClientGroup,
            ResourceType = settings.ResourceType,
            Pool = settings.Pool,
            MaxVolumeGb = settings.MaxVolumeGb?.ToString(CultureInfo.InvariantCulture) ?? "",
            BackupType = settings.BackupType,
            Schedule = settings.Schedule,
            RetentionDays = settings.RetentionDays.ToString(CultureInfo.InvariantCulture),
            VerifyEveryDays = settings.VerifyEveryDays?.ToString(CultureInfo.InvariantCulture) ?? "",
            LifetimeUntil = settings.LifetimeUntil?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture) ?? "",
            Encryption = settings.Encryption,
            ScriptBeforeSnapshot = settings.ScriptBeforeSnapshot ?? "",
            ScriptAfterSnapshot = settings.ScriptAfterSnapshot ?? "",
            ScriptAfterBackup = settings.ScriptAfterBackup ?? "",
            OnExpiry = settings.OnExpiry,
            MoveToPool = settings.MoveToPool,
            MoveAfterDays = settings.MoveAfterDays?.ToString(CultureInfo.InvariantCulture) ?? "",
            ClientMayDelete = settings.ClientMayDelete,
            Notify = string.Join('\n', settings.Notify),
            EnableAfterCreation = settings.EnableAfterCreation,
        };
        form.NotifyOn.Clear();
        form.NotifyOn.UnionWith(settings.NotifyOn);
        return form;
    }

    /// <summary>The schedule's next occurrence after now (UTC), or null when it does not parse or never comes.</summary>
    public static DateTimeOffset? NextRun(string schedule) =>
        CronExpression.TryParse(schedule.Trim(), CronFormat.Standard, out var cron) && cron.GetNextOccurrence(DateTime.UtcNow) is { } next
            ? new DateTimeOffset(next, TimeSpan.Zero)
            : null;

    /// <summary>
    /// Checks every field (all messages at once, so the user sees each bad field) and builds the
    /// settings for <paramref name="resource"/>; null when anything is wrong.
    /// </summary>
    public RuleSettings? TryBuild(RulesText t, string resource, string? resourceName, bool needsResource)
    {
        ArgumentNullException.ThrowIfNull(t);
        Errors.Clear();
        if (string.IsNullOrWhiteSpace(Name))
        {
            Errors.Set("name", t.NameRequired);
        }
        if (ForGroup ? string.IsNullOrWhiteSpace(ClientGroup) : string.IsNullOrWhiteSpace(Client))
        {
            Errors.Set(ForGroup ? "clientGroup" : "client", ForGroup ? t.GroupRequired : t.ClientRequired);
        }
        if (needsResource && string.IsNullOrWhiteSpace(resource))
        {
            Errors.Set("resource", t.ResourceRequired);
        }
        if (string.IsNullOrWhiteSpace(Pool))
        {
            Errors.Set("pool", t.PoolRequired);
        }
        double? maxVolume = null;
        if (!string.IsNullOrWhiteSpace(MaxVolumeGb))
        {
            if (double.TryParse(MaxVolumeGb.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var gb) && gb > 0 && double.IsFinite(gb))
            {
                maxVolume = gb;
            }
            else
            {
                Errors.Set("maxVolumeGb", t.MaxVolumeInvalid);
            }
        }
        if (!CronExpression.TryParse(Schedule.Trim(), CronFormat.Standard, out _))
        {
            Errors.Set("schedule", t.ScheduleInvalid);
        }
        var retention = Days(RetentionDays, "retentionDays", t.RetentionInvalid, required: true) ?? 0;
        var verify = Days(VerifyEveryDays, "verifyEveryDays", t.VerifyInvalid, required: false);
        DateTimeOffset? lifetime = null;
        if (!string.IsNullOrWhiteSpace(LifetimeUntil))
        {
            if (DateTime.TryParse(LifetimeUntil, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var until))
            {
                lifetime = new DateTimeOffset(until, TimeSpan.Zero);
            }
            else
            {
                Errors.Set("lifetimeUntil", t.LifetimeInvalid);
            }
        }
        var moveAfter = Days(MoveAfterDays, "moveAfterDays", t.MoveAfterInvalid, required: false);
        var moveTo = string.IsNullOrWhiteSpace(MoveToPool) ? null : MoveToPool;
        if (moveTo is not null && moveAfter is null && !Errors.Has("moveAfterDays"))
        {
            Errors.Set("moveAfterDays", t.MoveAfterInvalid);
        }
        if (moveTo is null && moveAfter is not null)
        {
            Errors.Set("moveToPool", t.MoveNeedsPool);
        }
        if (!IsProgramPath(ScriptAfterBackup))
        {
            Errors.Set("scriptAfterBackup", t.ScriptAfterBackupInvalid);
        }
        if (Errors.Any)
        {
            return null;
        }
        return new RuleSettings
        {
            Name = Name.Trim(),
            Client = ForGroup ? null : Client,
            ClientGroup = ForGroup ? ClientGroup?.Trim() : null,
            ResourceType = ResourceType,
            Resource = resource,
            ResourceName = resourceName,
            Pool = Pool!,
            MaxVolumeGb = maxVolume,
            BackupType = BackupType,
            Schedule = Schedule.Trim(),
            RetentionDays = retention,
            VerifyEveryDays = verify,
            LifetimeUntil = lifetime,
            Encryption = Encryption,
            ScriptBeforeSnapshot = Blank(ScriptBeforeSnapshot),
            ScriptAfterSnapshot = Blank(ScriptAfterSnapshot),
            ScriptAfterBackup = Blank(ScriptAfterBackup)?.Trim(),
            OnExpiry = OnExpiry,
            MoveToPool = moveTo,
            MoveAfterDays = moveAfter,
            ClientMayDelete = ClientMayDelete,
            Notify = Notify.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            NotifyOn = [.. Enum.GetValues<NotifyEvent>().Where(NotifyOn.Contains)],
            EnableAfterCreation = EnableAfterCreation,
        };
    }

    /// <summary>A whole number of days, at least 1; null when left empty (and allowed to be).</summary>
    private int? Days(string text, string field, string message, bool required)
    {
        if (string.IsNullOrWhiteSpace(text) && !required)
        {
            return null;
        }
        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var days) && days >= 1)
        {
            return days;
        }
        Errors.Set(field, message);
        return null;
    }

    /// <summary>Empty (none), or an absolute path without control characters: what the server accepts for the post-backup program.</summary>
    public static bool IsProgramPath(string? text) =>
        string.IsNullOrWhiteSpace(text) || (text.Trim().StartsWith('/') && !text.Any(char.IsControl));

    private static string? Blank(string text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
