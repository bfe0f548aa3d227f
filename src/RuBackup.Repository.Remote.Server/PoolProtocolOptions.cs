namespace RuBackup.Repository.Remote.Server;

/// <summary>
/// Tunables of the pool protocol's server half. Register one as a singleton before building the app
/// to change them; <see cref="PoolProtocolEndpoints.MapPoolProtocol"/> uses the defaults otherwise.
/// </summary>
public sealed class PoolProtocolOptions
{
    /// <summary>A write session with no request for this long belongs to a vanished client: it is abandoned.</summary>
    public TimeSpan SessionIdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Largest manifest a commit may carry (a 1 TiB disk at 256 KiB chunks is about 160 MiB).</summary>
    public long MaxManifestBytes { get; init; } = 1L << 30;

    /// <summary>Largest chunk batch body; the client sends a few MiB.</summary>
    public long MaxBatchBytes { get; init; } = 256L << 20;
}
