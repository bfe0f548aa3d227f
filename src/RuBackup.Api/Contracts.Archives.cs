namespace RuBackup.Api;

/// <summary>One archive of the catalog. <see cref="Chain"/> lists the archive ids a restore reads, oldest first, ending with this one.</summary>
public sealed record ArchiveInfo
{
    public required string Id { get; init; }

    public required long ClientId { get; init; }

    public required string ClientName { get; init; }

    public required string Pool { get; init; }

    public required string ResourceType { get; init; }

    public required string Resource { get; init; }

    public string? ResourceName { get; init; }

    public required BackupKind Type { get; init; }

    public string? Base { get; init; }

    public IReadOnlyList<string> Chain { get; init; } = [];

    public required DateTimeOffset Created { get; init; }

    /// <summary>Sum of the disks' sizes.</summary>
    public long SourceBytes { get; init; }

    /// <summary>Bytes this archive added to the pool.</summary>
    public long StoredBytes { get; init; }

    /// <summary>"ok", "committing" (a write in flight), "damaged" (verification failed).</summary>
    public required string Status { get; init; }

    /// <summary>"nocrypt" or the algorithm; the key never leaves the client.</summary>
    public string Encryption { get; init; } = "nocrypt";

    public string? KeyId { get; init; }

    /// <summary>
    /// SHA-256 fingerprint (hex) of the key that signed the manifest, as checked when the archive was
    /// committed; null for an unsigned archive. <see cref="SignedBy"/> names the client the catalog
    /// knows by that key now, null when none does.
    /// </summary>
    public string? SignerKey { get; init; }

    public string? SignedBy { get; init; }

    public long? RuleId { get; init; }

    public DateTimeOffset? KeepUntil { get; init; }

    /// <summary>When a verification last found this archive clean; null when never.</summary>
    public DateTimeOffset? VerifiedAt { get; init; }

    /// <summary>When retention last told of this archive's expiry (notice sent, or why it is kept logged); null when not yet.</summary>
    public DateTimeOffset? ExpiryNotifiedAt { get; init; }
}

/// <param name="TargetClient">The client that restores; defaults to the archive's own client.</param>
/// <param name="Target">Folder on the client for <see cref="RestoreMode.Folder"/>.</param>
public sealed record RestoreRequest(RestoreMode Mode, string? Target = null, string? TargetClient = null);

/// <summary>Catalog against pools (rb_admin check).</summary>
public sealed record CheckReport(bool Consistent, int Archives, int Manifests, IReadOnlyList<string> Problems);

/// <summary>The body of every error answer: what is wrong, and where when a field is at fault.</summary>
public sealed record ApiError(string Error, string? Field = null);
