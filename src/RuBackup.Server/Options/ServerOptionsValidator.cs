using System.Net;

namespace RuBackup.Server.Options;

/// <summary>Checks options before anything starts; the first problem is reported as one line.</summary>
public static class ServerOptionsValidator
{
    public static void Validate(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var listen = ListenUri(options);
        if (!options.AllowRemote && !IsLoopback(listen.Host))
        {
            throw new OptionsException($"--listen {options.EffectiveListen}: '{listen.Host}' is not a loopback address; pass --allow-remote to listen on it");
        }
        if (options.CatalogProvider is not ("sqlite" or "postgresql"))
        {
            throw new OptionsException($"--catalog: '{options.CatalogProvider}' is not a catalog provider (sqlite or postgresql)");
        }
        if (options.CatalogProvider == "postgresql" && string.IsNullOrWhiteSpace(options.CatalogConnectionString))
        {
            throw new OptionsException("--catalog postgresql needs --catalog-connection (e.g. \"Host=127.0.0.1;Port=5432;Database=rubackup;Username=rubackup;Password=...\")");
        }
        if (options.UsesTls)
        {
            if (options.TlsCertificate is null || options.TlsKey is null)
            {
                throw new OptionsException("TLS needs both --tls-cert and --tls-key (PEM files)");
            }
            RequireFile(options.TlsCertificate, "--tls-cert");
            RequireFile(options.TlsKey, "--tls-key");
            if (listen.Scheme != Uri.UriSchemeHttps)
            {
                throw new OptionsException($"--listen {options.EffectiveListen}: with a TLS certificate the address must start with https://");
            }
        }
        else if (listen.Scheme != Uri.UriSchemeHttp)
        {
            throw new OptionsException($"--listen {options.EffectiveListen}: https needs --tls-cert and --tls-key");
        }
        if (options.TokenLifetime <= TimeSpan.Zero)
        {
            throw new OptionsException($"--token-lifetime: must be positive ({options.TokenLifetime} given)");
        }
        if (options.PasswordIterations < 1)
        {
            throw new OptionsException($"--password-iterations: must be at least 1 ({options.PasswordIterations} given)");
        }
        if (options.AdminPasswordFile is { } file)
        {
            RequireFile(file, "--admin-password-file");
        }
        ValidateLifecycle(options);
    }

    private static void ValidateLifecycle(ServerOptions options)
    {
        if (options.ScheduleInterval <= TimeSpan.Zero)
        {
            throw new OptionsException($"--schedule-interval: must be positive ({options.ScheduleInterval} given)");
        }
        if (options.TaskLease < TimeSpan.FromSeconds(1))
        {
            throw new OptionsException($"--task-lease: must be at least 1s ({options.TaskLease} given)");
        }
        try
        {
            _ = Cronos.CronExpression.Parse(options.GcSchedule);
        }
        catch (Cronos.CronFormatException e)
        {
            throw new OptionsException($"--gc-schedule: '{options.GcSchedule}' is not a cron expression (minute hour day month weekday): {e.Message}", e);
        }
        if (options.SmtpServer is { } smtp && !TrySplitHostPort(smtp, out _, out _))
        {
            throw new OptionsException($"--smtp: '{smtp}' is not host:port");
        }
        if (options.SmtpSecurity is not ("auto" or "none" or "starttls" or "tls"))
        {
            throw new OptionsException($"--smtp-security: '{options.SmtpSecurity}' is not auto, none, starttls or tls");
        }
        if (options.SmtpPasswordFile is { } smtpPassword)
        {
            RequireFile(smtpPassword, "--smtp-password-file");
        }
    }

    /// <summary>"host:port" with a port 1-65535; the host may be a bracketed IPv6 address.</summary>
    public static bool TrySplitHostPort(string text, out string host, out int port)
    {
        ArgumentNullException.ThrowIfNull(text);
        host = "";
        port = 0;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port)
            || port is < 1 or > 65535)
        {
            return false;
        }
        host = text[..colon].Trim('[', ']');
        return host.Length > 0;
    }

    public static Uri ListenUri(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var text = options.EffectiveListen;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.AbsolutePath != "/" || uri.Port < 0)
        {
            throw new OptionsException($"--listen: '{text}' is not an address like http://127.0.0.1:9990");
        }
        if (uri.Host != "localhost" && !IPAddress.TryParse(uri.Host, out _))
        {
            throw new OptionsException($"--listen: '{uri.Host}' is not an IP address or localhost");
        }
        return uri;
    }

    public static IPAddress ListenAddress(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(uri.Host);
    }

    private static bool IsLoopback(string host) =>
        host == "localhost" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));

    private static void RequireFile(string path, string option)
    {
        if (!File.Exists(path))
        {
            throw new OptionsException($"{option}: no file {path}");
        }
    }
}
