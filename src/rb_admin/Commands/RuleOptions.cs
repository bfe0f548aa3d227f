using System.CommandLine;
using System.Globalization;
using RuBackup.Api;
using RuBackup.Client.Tools;

namespace RuBackup.Tools.Admin.Commands;

/// <summary>
/// The options of `rules add` and `rules edit`: every setting of the rule dialog. Add builds settings
/// from them (name, client or group, resource, pool and schedule required); edit changes only the
/// options given. "none" unsets an optional value (--verify-days none).
/// </summary>
internal sealed class RuleOptions
{
    public const string Unset = "none";

    public Option<string?> Name { get; } = new("--name") { Description = "Rule name", HelpName = "NAME" };
    public Option<string?> Client { get; } = new("--client") { Description = "The client that runs the rule's backups", HelpName = "CLIENT" };
    public Option<string?> Group { get; } = new("--group") { Description = "A cluster group instead of one client: any of its clients may run the backups", HelpName = "GROUP" };
    public Option<string?> Resource { get; } = new("--resource") { Description = "The VM's id, as the client's resources list it (rb_admin clients resources CLIENT)", HelpName = "VMID" };
    public Option<string?> ResourceName { get; } = new("--resource-name") { Description = "The VM's name, for display", HelpName = "NAME" };
    public Option<string?> Pool { get; } = new("--pool") { Description = "Pool the backups go to", HelpName = "POOL" };
    public Option<string?> Type { get; } = new("--type") { Description = "full, incremental or differential (default full)", HelpName = "TYPE" };
    public Option<string?> Schedule { get; } = new("--schedule") { Description = "Cron expression, five fields: minute hour day month weekday (\"0 2 * * *\")", HelpName = "CRON" };
    public Option<int?> RetentionDays { get; } = new("--retention-days") { Description = "Days a backup is kept (default 30)", HelpName = "DAYS" };
    public Option<string?> VerifyDays { get; } = new("--verify-days") { Description = "Verify the backups every DAYS days", HelpName = "DAYS|none" };
    public Option<string?> LifetimeUntil { get; } = new("--lifetime-until") { Description = "The rule makes no tasks after this date (2026-12-31 or 2026-12-31T18:00:00Z; UTC)", HelpName = "DATE|none" };
    public Option<string?> Encryption { get; } = new("--encryption") { Description = "Protective transformation: nocrypt (default) or an algorithm; the key stays on the client", HelpName = "ALG" };
    public Option<string?> ScriptBefore { get; } = new("--script-before") { Description = "Guest script run before the snapshots (script_before_snapshot)", HelpName = "PATH|none" };
    public Option<string?> ScriptAfter { get; } = new("--script-after") { Description = "Guest script run after the snapshots (script_after_snapshot)", HelpName = "PATH|none" };
    public Option<string?> ScriptAfterBackup { get; } = new("--script-after-backup") { Description = "Program on the client host run after a successful backup with the archive exported to one file (RUBACKUP_ARCHIVE_FILE); it may transform the file but must keep its name", HelpName = "PATH|none" };
    public Option<string?> OnExpiry { get; } = new("--on-expiry") { Description = "delete expired backups (default) or only notify", HelpName = "delete|notify" };
    public Option<string?> MoveToPool { get; } = new("--move-to-pool") { Description = "Move backups to this pool after --move-after-days", HelpName = "POOL|none" };
    public Option<string?> MoveAfterDays { get; } = new("--move-after-days") { Description = "Days before a backup moves to --move-to-pool", HelpName = "DAYS|none" };
    public Option<bool?> ClientMayDelete { get; } = new("--client-may-delete") { Description = "Let the client delete its own backups of this rule (--client-may-delete false to forbid)" };
    public Option<string[]> Notify { get; } = new("--notify") { Description = "Address told of the rule's results (repeat, or a comma list; none clears)", HelpName = "ADDRESS", AllowMultipleArgumentsPerToken = false };
    public Option<string?> NotifyOn { get; } = new("--notify-on") { Description = "Events told to --notify: a comma list of success, failure, expiry, verifyfailure (default failure,expiry,verifyfailure)", HelpName = "EVENTS" };
    public Option<string?> MaxVolumeGb { get; } = new("--max-volume-gb") { Description = "Maximum volume of the rule's backups, GB", HelpName = "GB|none" };
    public Option<bool> Disabled { get; } = new("--disabled") { Description = "Create the rule in status wait (runs only when run now)" };

    /// <summary>Every option that sets a rule setting, in the order of the help.</summary>
    public IReadOnlyList<Option> Settable =>
        [Name, Client, Group, Resource, ResourceName, Pool, Type, Schedule, RetentionDays, VerifyDays, LifetimeUntil, Encryption,
            ScriptBefore, ScriptAfter, ScriptAfterBackup, OnExpiry, MoveToPool, MoveAfterDays, ClientMayDelete, Notify, NotifyOn, MaxVolumeGb];

    /// <summary>The options of a strategy's template: all but the resource, which a strategy's pattern finds.</summary>
    public IReadOnlyList<Option> Template => Settable.Where(o => o != Resource && o != ResourceName).ToList();

    public void AddTo(Command command, bool forAdd)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in Settable)
        {
            command.Options.Add(option);
        }
        if (forAdd)
        {
            command.Options.Add(Disabled);
        }
    }

    /// <summary>`rules add`: new settings from the options.</summary>
    public RuleSettings Create(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var missing = new List<string>();
        foreach (var (option, name) in new[] { (Name, "--name"), (Client, "--client or --group"), (Resource, "--resource"), (Pool, "--pool"), (Schedule, "--schedule") })
        {
            if (parse.GetValue(option) is null && (option != Client || parse.GetValue(Group) is null))
            {
                missing.Add(name);
            }
        }
        if (missing.Count > 0)
        {
            throw new UsageException($"rules add needs {string.Join(", ", missing)}");
        }
        var settings = new RuleSettings
        {
            Name = parse.GetValue(Name)!,
            Resource = parse.GetValue(Resource)!,
            Pool = parse.GetValue(Pool)!,
            Schedule = parse.GetValue(Schedule)!,
            EnableAfterCreation = !parse.GetValue(Disabled),
        };
        return Apply(parse, settings);
    }

    /// <summary>`rules edit`: the given options applied to the rule's current settings.</summary>
    public RuleSettings Edit(ParseResult parse, RuleSettings current)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(current);
        if (Settable.All(o => parse.GetResult(o) is null))
        {
            throw new UsageException("rules edit: nothing to change (give the options to change, see rb_admin rules edit --help)");
        }
        return Apply(parse, current);
    }

    private RuleSettings Apply(ParseResult parse, RuleSettings s)
    {
        if (parse.GetValue(Client) is not null && parse.GetValue(Group) is not null)
        {
            throw new UsageException("give --client or --group, not both");
        }
        if (parse.GetValue(Name) is { } name)
        {
            s = s with { Name = name };
        }
        if (parse.GetValue(Client) is { } client)
        {
            s = s with { Client = client, ClientGroup = null };
        }
        if (parse.GetValue(Group) is { } group)
        {
            s = s with { ClientGroup = group, Client = null };
        }
        if (parse.GetValue(Resource) is { } resource)
        {
            s = s with { Resource = resource };
        }
        if (parse.GetResult(ResourceName) is not null)
        {
            s = s with { ResourceName = Text(parse.GetValue(ResourceName)) };
        }
        if (parse.GetValue(Pool) is { } pool)
        {
            s = s with { Pool = pool };
        }
        if (parse.GetValue(Type) is { } type)
        {
            s = s with { BackupType = BackupType(type, "--type") };
        }
        if (parse.GetValue(Schedule) is { } schedule)
        {
            s = s with { Schedule = Cron(schedule) };
        }
        if (parse.GetValue(RetentionDays) is { } retention)
        {
            s = s with { RetentionDays = Days(retention.ToString(CultureInfo.InvariantCulture), "--retention-days")!.Value };
        }
        if (parse.GetResult(VerifyDays) is not null)
        {
            s = s with { VerifyEveryDays = Days(parse.GetValue(VerifyDays), "--verify-days") };
        }
        if (parse.GetResult(LifetimeUntil) is not null)
        {
            s = s with { LifetimeUntil = Date(parse.GetValue(LifetimeUntil)) };
        }
        if (parse.GetValue(Encryption) is { } encryption)
        {
            s = s with { Encryption = encryption };
        }
        if (parse.GetResult(ScriptBefore) is not null)
        {
            s = s with { ScriptBeforeSnapshot = Text(parse.GetValue(ScriptBefore)) };
        }
        if (parse.GetResult(ScriptAfter) is not null)
        {
            s = s with { ScriptAfterSnapshot = Text(parse.GetValue(ScriptAfter)) };
        }
        if (parse.GetResult(ScriptAfterBackup) is not null)
        {
            s = s with { ScriptAfterBackup = ProgramPath(parse.GetValue(ScriptAfterBackup), "--script-after-backup") };
        }
        if (parse.GetValue(OnExpiry) is { } expiry)
        {
            s = s with
            {
                OnExpiry = expiry switch
                {
                    "delete" => ExpiryAction.Delete,
                    "notify" => ExpiryAction.Notify,
                    _ => throw new UsageException($"--on-expiry '{expiry}': give delete or notify"),
                },
            };
        }
        if (parse.GetResult(MoveToPool) is not null)
        {
            s = s with { MoveToPool = Text(parse.GetValue(MoveToPool)) };
        }
        if (parse.GetResult(MoveAfterDays) is not null)
        {
            s = s with { MoveAfterDays = Days(parse.GetValue(MoveAfterDays), "--move-after-days") };
        }
        if (parse.GetValue(ClientMayDelete) is { } mayDelete)
        {
            s = s with { ClientMayDelete = mayDelete };
        }
        if (parse.GetResult(Notify) is not null)
        {
            var addresses = parse.GetValue(Notify)!.SelectMany(a => a.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            s = s with { Notify = addresses.Count == 1 && addresses[0] == Unset ? [] : addresses.Select(Address).ToList() };
        }
        if (parse.GetValue(NotifyOn) is { } events)
        {
            s = s with { NotifyOn = Events(events) };
        }
        if (parse.GetResult(MaxVolumeGb) is not null)
        {
            s = s with { MaxVolumeGb = Gigabytes(parse.GetValue(MaxVolumeGb)) };
        }
        if ((s.MoveToPool is null) != (s.MoveAfterDays is null))
        {
            throw new UsageException("--move-to-pool and --move-after-days go together");
        }
        return s;
    }

    public static BackupKind BackupType(string text, string option) => text switch
    {
        "full" => BackupKind.Full,
        "incremental" => BackupKind.Incremental,
        "differential" => BackupKind.Differential,
        _ => throw new UsageException($"{option} '{text}': give full, incremental or differential"),
    };

    private static string? Text(string? value) => value is null || value == Unset || value.Length == 0 ? null : value;

    /// <summary>An absolute path (the client runs it without a shell) or none; the server checks again when the rule is saved.</summary>
    private static string? ProgramPath(string? text, string option)
    {
        if (Text(text) is not { } value)
        {
            return null;
        }
        if (!value.StartsWith('/') || value.Any(char.IsControl))
        {
            throw new UsageException($"{option} '{value}': give the absolute path of a program on the client host (or none)");
        }
        return value;
    }

    private static string Cron(string text)
    {
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            throw new UsageException($"--schedule '{text}': a cron expression has five fields (minute hour day month weekday), this has {fields.Length}");
        }
        return string.Join(' ', fields);
    }

    private static int? Days(string? text, string option)
    {
        if (Text(text) is not { } value)
        {
            return null;
        }
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var days) || days < 1 || days > 36500)
        {
            throw new UsageException($"{option} '{value}': give a whole number of days from 1 to 36500 (or none)");
        }
        return days;
    }

    private static double? Gigabytes(string? text)
    {
        if (Text(text) is not { } value)
        {
            return null;
        }
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var gb) || gb <= 0 || double.IsInfinity(gb))
        {
            throw new UsageException($"--max-volume-gb '{value}': give a positive number of GB (or none)");
        }
        return gb;
    }

    private static DateTimeOffset? Date(string? text)
    {
        if (Text(text) is not { } value)
        {
            return null;
        }
        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
        {
            throw new UsageException($"--lifetime-until '{value}': give a date (2026-12-31) or a time (2026-12-31T18:00:00Z), or none");
        }
        return date;
    }

    /// <summary>An e-mail address or the http(s) URL of a webhook; the server checks again when the rule is saved.</summary>
    private static string Address(string text)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            return text;
        }
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == text.Length - 1 || text.Contains(' ', StringComparison.Ordinal) || text.Contains("://", StringComparison.Ordinal))
        {
            throw new UsageException($"--notify '{text}' is neither an e-mail address nor an http(s) URL");
        }
        return text;
    }

    private static List<NotifyEvent> Events(string text)
    {
        if (text.Trim() == Unset)
        {
            return [];
        }
        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => name.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant() switch
            {
                "success" => NotifyEvent.Success,
                "failure" => NotifyEvent.Failure,
                "expiry" => NotifyEvent.Expiry,
                "verifyfailure" => NotifyEvent.VerifyFailure,
                _ => throw new UsageException($"--notify-on '{name}': give a comma list of success, failure, expiry, verifyfailure (or none)"),
            })
            .Distinct()
            .ToList();
    }
}
