namespace RuBackup.Rustack.Config;

public enum HypervisorProtocol
{
    Ssh,
    Tcp,
}

/// <summary>
/// The typed content of rb_module_rustack.conf. Keys an operation did not need may be null; the
/// operation's validation (ConfigParser) guarantees the ones it reads are set.
/// </summary>
public sealed record RustackConfig
{
    public const string DefaultByIdDir = "/dev/disk/by-id";

    public required string File { get; init; }

    public string? Url { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    public string? Domain { get; init; }

    public string? ProjectId { get; init; }

    public int TimeoutSeconds { get; init; } = 5;

    public int VolumeCreationTimeoutSeconds { get; init; } = 300;

    public int SnapshotCreationTimeoutSeconds { get; init; } = 300;

    public int VolumeAttachmentTimeoutSeconds { get; init; } = 300;

    public string? RubackupVmId { get; init; }

    public string? AdminName { get; init; }

    public string? AdminPassword { get; init; }

    public HypervisorProtocol Protocol { get; init; } = HypervisorProtocol.Ssh;

    public bool EnableSsl { get; init; }

    public string? CaInfo { get; init; }

    public bool CurlVerbose { get; init; }

    public string ByIdDir { get; init; } = DefaultByIdDir;

    public string Virsh { get; init; } = "virsh";

    public string? ScriptBeforeSnapshot { get; init; }

    public string? ScriptAfterSnapshot { get; init; }

    /// <summary>Warnings found while reading (e.g. an optional key left as its placeholder).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public bool HasAdmin => AdminName is not null && AdminPassword is not null;

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>
    /// The Keystone base: `url` with a scheme (https when enable_ssl yes, else http, if none was
    /// given) and ending in /v3, which is how the guide's bare "IP or FQDN" becomes an API address.
    /// </summary>
    public Uri IdentityUri
    {
        get
        {
            var text = (Url ?? throw new InvalidOperationException("url is not set")).Trim().TrimEnd('/');
            if (!text.Contains("://", StringComparison.Ordinal))
            {
                text = (EnableSsl ? "https://" : "http://") + text;
            }
            if (!text.EndsWith("/v3", StringComparison.Ordinal))
            {
                text += "/v3";
            }
            return new Uri(text + "/");
        }
    }
}
