namespace RuBackup.Server.Options;

/// <summary>
/// Everything the server is configured with. Bound, lowest precedence first, from the optional file
/// $RUBACKUP_ROOT/etc/rubackup-server.json (property names as keys), RUBACKUP_SERVER_* environment
/// variables and the command line (see <see cref="ServerOptionsLoader"/>), then checked by
/// <see cref="ServerOptionsValidator"/>. The superuser's first password is not an option: it comes from
/// RUBACKUP_ADMIN_PASSWORD or the file named by <see cref="AdminPasswordFile"/>, and is never logged.
/// </summary>
public sealed class ServerOptions
{
    public const string DefaultListen = "http://127.0.0.1:9990";
    public const string DefaultTlsListen = "https://127.0.0.1:9990";
    public const int DefaultPasswordIterations = 600_000;

    /// <summary>Null means <see cref="DefaultListen"/> (or <see cref="DefaultTlsListen"/> with a certificate).</summary>
    public string? Listen { get; set; }

    /// <summary>Without it only loopback addresses are accepted for <see cref="Listen"/>.</summary>
    public bool AllowRemote { get; set; }

    /// <summary>The SQLite catalog and the default pool folders live here; default $RUBACKUP_ROOT/var/server.</summary>
    public string DataFolder { get; set; } = "";

    /// <summary>"sqlite" (default) or "postgresql".</summary>
    public string CatalogProvider { get; set; } = "sqlite";

    /// <summary>Required for postgresql; for sqlite it overrides the file in the data folder.</summary>
    public string? CatalogConnectionString { get; set; }

    /// <summary>PEM certificate (chain) file; with <see cref="TlsKey"/> the server speaks https only.</summary>
    public string? TlsCertificate { get; set; }

    /// <summary>PEM private key file of <see cref="TlsCertificate"/>.</summary>
    public string? TlsKey { get; set; }

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>File holding the superuser's first password (read only on a catalog without users).</summary>
    public string? AdminPasswordFile { get; set; }

    /// <summary>PBKDF2-SHA256 iterations for new password hashes; tests lower it, stored hashes keep their own count.</summary>
    public int PasswordIterations { get; set; } = DefaultPasswordIterations;

    /// <summary>How long a server-side worker sleeps between looks at the queue when nothing woke it.</summary>
    public TimeSpan WorkerPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the scheduler looks at rules, retention, verification and moves.</summary>
    public TimeSpan ScheduleInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Cron expression (five fields, server's UTC clock) of the garbage collection of dedup pools.</summary>
    public string GcSchedule { get; set; } = "30 3 * * *";

    /// <summary>A client's hold on a task: renewed by its heartbeats; a task whose lease runs out is taken back.</summary>
    public TimeSpan TaskLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>SMTP server for e-mail notifications, "host:port"; null: e-mail notifications are not sent (and say so).</summary>
    public string? SmtpServer { get; set; }

    /// <summary>Sender address of notification e-mails.</summary>
    public string SmtpFrom { get; set; } = "rubackup@localhost";

    public string? SmtpUser { get; set; }

    /// <summary>File holding the SMTP password (never an option value, so it stays out of process lists).</summary>
    public string? SmtpPasswordFile { get; set; }

    /// <summary>"none", "starttls" (default when offered) or "tls".</summary>
    public string SmtpSecurity { get; set; } = "auto";

    public bool UsesTls => TlsCertificate is not null || TlsKey is not null;

    public string EffectiveListen => Listen ?? (UsesTls ? DefaultTlsListen : DefaultListen);
}
