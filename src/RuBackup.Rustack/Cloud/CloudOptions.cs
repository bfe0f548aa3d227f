using RuBackup.Rustack.Config;

namespace RuBackup.Rustack.Cloud;

/// <summary>
/// How the client talks to the cloud: the configuration's timeouts plus settings the file has no key
/// for (retries, polling, token renewal margin), kept in one typed place so tests can shrink them.
/// </summary>
public sealed record CloudOptions
{
    /// <summary>Per-request timeout (the file's `timeout`).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries after the first attempt, on connection errors, timeouts and 5xx.</summary>
    public int RetryCount { get; init; } = 3;

    /// <summary>First backoff delay; it doubles per retry (with jitter).</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A token this close to its expiry is renewed before use, so no call races the expiry.</summary>
    public TimeSpan TokenRenewMargin { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a waiting step polls a resource's status.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Nova microversion sent with every compute call (embedded flavor, tags, volume attach fields).</summary>
    public string ComputeMicroversion { get; init; } = "2.60";

    /// <summary>Cinder microversion sent with every block-storage call.</summary>
    public string VolumeMicroversion { get; init; } = "3.44";

    public static CloudOptions From(RustackConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new CloudOptions { RequestTimeout = config.Timeout };
    }
}
