using System.Globalization;
using System.Text.Json;

namespace RuBackup.Server.Options;

/// <summary>One option: its command-line flag, its key in the JSON file (a property of <see cref="ServerOptions"/>) and its environment variable.</summary>
internal sealed record OptionSpec(string Flag, string Key, string Environment, bool IsSwitch, string Help);

/// <summary>
/// Builds <see cref="ServerOptions"/> from file, environment and command line (later wins). Our own small
/// parser rather than the configuration command-line provider: it knows switches, rejects unknown flags
/// by name, and never lets a value-less flag swallow the next flag.
/// </summary>
public static class ServerOptionsLoader
{
    internal static readonly IReadOnlyList<OptionSpec> Specs =
    [
        new("--listen", nameof(ServerOptions.Listen), "RUBACKUP_SERVER_LISTEN", false, "URL to listen on (default http://127.0.0.1:9990; https with a certificate)"),
        new("--allow-remote", nameof(ServerOptions.AllowRemote), "RUBACKUP_SERVER_ALLOW_REMOTE", true, "allow a non-loopback --listen address"),
        new("--data", nameof(ServerOptions.DataFolder), "RUBACKUP_SERVER_DATA", false, "data folder (default $RUBACKUP_ROOT/var/server)"),
        new("--catalog", nameof(ServerOptions.CatalogProvider), "RUBACKUP_SERVER_CATALOG", false, "catalog provider: sqlite (default) or postgresql"),
        new("--catalog-connection", nameof(ServerOptions.CatalogConnectionString), "RUBACKUP_SERVER_CATALOG_CONNECTION", false, "catalog connection string (required for postgresql)"),
        new("--tls-cert", nameof(ServerOptions.TlsCertificate), "RUBACKUP_SERVER_TLS_CERT", false, "TLS certificate PEM file (then https)"),
        new("--tls-key", nameof(ServerOptions.TlsKey), "RUBACKUP_SERVER_TLS_KEY", false, "TLS private key PEM file"),
        new("--token-lifetime", nameof(ServerOptions.TokenLifetime), "RUBACKUP_SERVER_TOKEN_LIFETIME", false, "bearer token lifetime: 12h, 30m, 90s or hh:mm:ss (default 12h)"),
        new("--admin-password-file", nameof(ServerOptions.AdminPasswordFile), "RUBACKUP_SERVER_ADMIN_PASSWORD_FILE", false, "file with the superuser's first password (else RUBACKUP_ADMIN_PASSWORD)"),
        new("--password-iterations", nameof(ServerOptions.PasswordIterations), "RUBACKUP_SERVER_PASSWORD_ITERATIONS", false, "PBKDF2 iterations for new password hashes (default 600000)"),
        new("--schedule-interval", nameof(ServerOptions.ScheduleInterval), "RUBACKUP_SERVER_SCHEDULE_INTERVAL", false, "how often the scheduler looks at rules (default 30s)"),
        new("--gc-schedule", nameof(ServerOptions.GcSchedule), "RUBACKUP_SERVER_GC_SCHEDULE", false, "cron schedule (UTC) of dedup pools' garbage collection (default '30 3 * * *')"),
        new("--task-lease", nameof(ServerOptions.TaskLease), "RUBACKUP_SERVER_TASK_LEASE", false, "how long a silent client keeps its task (default 2m)"),
        new("--smtp", nameof(ServerOptions.SmtpServer), "RUBACKUP_SERVER_SMTP", false, "SMTP server host:port for e-mail notifications"),
        new("--smtp-from", nameof(ServerOptions.SmtpFrom), "RUBACKUP_SERVER_SMTP_FROM", false, "sender of notification e-mails (default rubackup@localhost)"),
        new("--smtp-user", nameof(ServerOptions.SmtpUser), "RUBACKUP_SERVER_SMTP_USER", false, "SMTP user name"),
        new("--smtp-password-file", nameof(ServerOptions.SmtpPasswordFile), "RUBACKUP_SERVER_SMTP_PASSWORD_FILE", false, "file with the SMTP password"),
        new("--smtp-security", nameof(ServerOptions.SmtpSecurity), "RUBACKUP_SERVER_SMTP_SECURITY", false, "auto (STARTTLS when offered), none, starttls or tls"),
    ];

    public static string RootFolder(IReadOnlyDictionary<string, string?> environment) =>
        environment.GetValueOrDefault("RUBACKUP_ROOT") is { Length: > 0 } root ? root : "/opt/rubackup";

    public static string ConfigFile(IReadOnlyDictionary<string, string?> environment) =>
        Path.Combine(RootFolder(environment), "etc", "rubackup-server.json");

    public static string Usage()
    {
        var lines = new List<string> { "usage: rubackup-server [options]", "" };
        lines.AddRange(Specs.Select(s => $"  {(s.IsSwitch ? s.Flag : s.Flag + " VALUE"),-32} {s.Help}  [{s.Environment}]"));
        lines.Add("");
        lines.Add("Options may also be set in $RUBACKUP_ROOT/etc/rubackup-server.json (keys: " + string.Join(", ", Specs.Select(s => s.Key)) + ").");
        lines.Add("On a catalog without users the superuser 'rubackup' gets its password from RUBACKUP_ADMIN_PASSWORD or --admin-password-file.");
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>Throws <see cref="OptionsException"/> with one line naming the option, variable or file at fault.</summary>
    public static ServerOptions Load(IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> environment)
    {
        var file = ConfigFile(environment);
        var layers = new List<Dictionary<string, string?>>
        {
            File.Exists(file) ? ReadFile(file) : new(),
            FromEnvironment(environment),
            FromCommandLine(args),
        };

        var options = new ServerOptions
        {
            DataFolder = Path.Combine(RootFolder(environment), "var", "server"),
        };
        foreach (var spec in Specs)
        {
            foreach (var layer in layers)
            {
                if (layer.TryGetValue(spec.Key, out var value) && value is not null)
                {
                    Assign(options, spec, value);
                }
            }
        }
        options.DataFolder = Path.GetFullPath(options.DataFolder);
        return options;
    }

    private static Dictionary<string, string?> ReadFile(string file)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new OptionsException($"{file}: expected a JSON object");
            }
            var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var spec = Specs.FirstOrDefault(s => string.Equals(s.Key, property.Name, StringComparison.OrdinalIgnoreCase))
                    ?? throw new OptionsException($"{file}: unknown setting '{property.Name}' (known: {string.Join(", ", Specs.Select(s => s.Key))})");
                values[spec.Key] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.True or JsonValueKind.False or JsonValueKind.Number => property.Value.GetRawText(),
                    JsonValueKind.Null => null,
                    _ => throw new OptionsException($"{file}: setting '{property.Name}' must be a string, number or boolean"),
                };
            }
            return values;
        }
        catch (JsonException e)
        {
            throw new OptionsException($"{file}:{e.LineNumber + 1}: not valid JSON: {e.Message.Split(" Path:")[0]}", e);
        }
        catch (IOException e)
        {
            throw new OptionsException($"{file}: cannot read: {e.Message}", e);
        }
    }

    private static Dictionary<string, string?> FromEnvironment(IReadOnlyDictionary<string, string?> environment)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var spec in Specs)
        {
            if (environment.GetValueOrDefault(spec.Environment) is { Length: > 0 } value)
            {
                values[spec.Key] = value;
            }
        }
        return values;
    }

    private static Dictionary<string, string?> FromCommandLine(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var flag = equals > 0 ? arg[..equals] : arg;
            var spec = Specs.FirstOrDefault(s => s.Flag == flag)
                ?? throw new OptionsException($"unknown option '{flag}' (see --help)");
            if (spec.IsSwitch)
            {
                values[spec.Key] = equals > 0 ? arg[(equals + 1)..] : "true";
            }
            else if (equals > 0)
            {
                values[spec.Key] = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                values[spec.Key] = args[++i];
            }
            else
            {
                throw new OptionsException($"option {spec.Flag} needs a value");
            }
        }
        return values;
    }

    private static void Assign(ServerOptions options, OptionSpec spec, string value)
    {
        var where = $"{spec.Flag} / {spec.Environment}";
        switch (spec.Key)
        {
            case nameof(ServerOptions.Listen): options.Listen = value; break;
            case nameof(ServerOptions.AllowRemote): options.AllowRemote = ParseBool(value, where); break;
            case nameof(ServerOptions.DataFolder): options.DataFolder = value; break;
            case nameof(ServerOptions.CatalogProvider): options.CatalogProvider = value.Trim().ToLowerInvariant(); break;
            case nameof(ServerOptions.CatalogConnectionString): options.CatalogConnectionString = value; break;
            case nameof(ServerOptions.TlsCertificate): options.TlsCertificate = value; break;
            case nameof(ServerOptions.TlsKey): options.TlsKey = value; break;
            case nameof(ServerOptions.TokenLifetime): options.TokenLifetime = ParseDuration(value, where); break;
            case nameof(ServerOptions.AdminPasswordFile): options.AdminPasswordFile = value; break;
            case nameof(ServerOptions.PasswordIterations):
                options.PasswordIterations = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                    ? n : throw new OptionsException($"{where}: '{value}' is not a whole number");
                break;
            case nameof(ServerOptions.ScheduleInterval): options.ScheduleInterval = ParseDuration(value, where); break;
            case nameof(ServerOptions.GcSchedule): options.GcSchedule = value.Trim(); break;
            case nameof(ServerOptions.TaskLease): options.TaskLease = ParseDuration(value, where); break;
            case nameof(ServerOptions.SmtpServer): options.SmtpServer = value.Trim(); break;
            case nameof(ServerOptions.SmtpFrom): options.SmtpFrom = value.Trim(); break;
            case nameof(ServerOptions.SmtpUser): options.SmtpUser = value; break;
            case nameof(ServerOptions.SmtpPasswordFile): options.SmtpPasswordFile = value; break;
            case nameof(ServerOptions.SmtpSecurity): options.SmtpSecurity = value.Trim().ToLowerInvariant(); break;
            default: throw new InvalidOperationException($"option {spec.Key} has no binding");
        }
    }

    private static bool ParseBool(string value, string where) => value.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw new OptionsException($"{where}: '{value}' is not true or false"),
    };

    /// <summary>"12h", "30m", "90s", "2d" or a TimeSpan ("12:00:00").</summary>
    public static TimeSpan ParseDuration(string value, string where)
    {
        var text = value.Trim();
        if (text.Length > 1 && "smhd".Contains(text[^1], StringComparison.Ordinal)
            && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
        {
            return text[^1] switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span)
            ? span
            : throw new OptionsException($"{where}: '{value}' is not a duration (like 12h, 30m, 90s or 12:00:00)");
    }
}
