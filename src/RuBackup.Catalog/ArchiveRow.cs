using RuBackup.Api;

namespace RuBackup.Catalog;

/// <summary>An archives row: the base link is stored, the chain is computed by following it.</summary>
internal sealed class ArchiveRow
{
    public string Id { get; set; } = "";

    public long ClientId { get; set; }

    public string ClientName { get; set; } = "";

    public string Pool { get; set; } = "";

    public string ResourceType { get; set; } = "";

    public string Resource { get; set; } = "";

    public string? ResourceName { get; set; }

    public string Type { get; set; } = "";

    public string? BaseId { get; set; }

    public long CreatedAt { get; set; }

    public long SourceBytes { get; set; }

    public long StoredBytes { get; set; }

    public string Status { get; set; } = "";

    public string Encryption { get; set; } = "";

    public string? KeyId { get; set; }

    /// <summary>Fingerprint of the key that signed the manifest, checked at commit; null: unsigned.</summary>
    public string? SignerKey { get; set; }

    /// <summary>Not a column: the name of the client holding <see cref="SignerKey"/> now, joined in by <see cref="Select"/>.</summary>
    public string? SignedBy { get; set; }

    public long? RuleId { get; set; }

    public long? KeepUntil { get; set; }

    public long? VerifiedAt { get; set; }

    public long? ExpiryNotifiedAt { get; set; }

    public const string Columns =
        "id, client_id, client_name, pool, resource_type, resource, resource_name, type, base_id, created_at, " +
        "source_bytes, stored_bytes, status, encryption, key_id, signer_key, rule_id, keep_until";

    public const string Parameters =
        "@Id, @ClientId, @ClientName, @Pool, @ResourceType, @Resource, @ResourceName, @Type, @BaseId, @CreatedAt, " +
        "@SourceBytes, @StoredBytes, @Status, @Encryption, @KeyId, @SignerKey, @RuleId, @KeepUntil";

    /// <summary>
    /// Every column plus signed_by: the client whose key signed the manifest, looked up now rather than
    /// stored, so a client deleted or re-registered with another key shows as "unknown key". A public
    /// key is unique, so at most one client matches; min() only keeps the subquery scalar.
    /// </summary>
    public const string Select =
        "SELECT archives.*, (SELECT min(clients.name) FROM clients WHERE clients.key_fingerprint = archives.signer_key) AS signed_by FROM archives";

    public static ArchiveRow From(ArchiveInfo archive) => new()
    {
        Id = archive.Id,
        ClientId = archive.ClientId,
        ClientName = archive.ClientName,
        Pool = archive.Pool,
        ResourceType = archive.ResourceType,
        Resource = archive.Resource,
        ResourceName = archive.ResourceName,
        Type = ColumnValues.Text(archive.Type),
        BaseId = archive.Base,
        CreatedAt = ColumnValues.Ms(archive.Created),
        SourceBytes = archive.SourceBytes,
        StoredBytes = archive.StoredBytes,
        Status = archive.Status,
        Encryption = archive.Encryption,
        KeyId = archive.KeyId,
        SignerKey = archive.SignerKey,
        RuleId = archive.RuleId,
        KeepUntil = ColumnValues.Ms(archive.KeepUntil),
    };

    public ArchiveInfo ToInfo(IReadOnlyList<string> chain) => new()
    {
        Id = Id,
        ClientId = ClientId,
        ClientName = ClientName,
        Pool = Pool,
        ResourceType = ResourceType,
        Resource = Resource,
        ResourceName = ResourceName,
        Type = ColumnValues.Enum<BackupKind>(Type, "archives.type"),
        Base = BaseId,
        Chain = chain,
        Created = ColumnValues.Time(CreatedAt),
        SourceBytes = SourceBytes,
        StoredBytes = StoredBytes,
        Status = Status,
        Encryption = Encryption,
        KeyId = KeyId,
        SignerKey = SignerKey,
        SignedBy = SignedBy,
        RuleId = RuleId,
        KeepUntil = ColumnValues.Time(KeepUntil),
        VerifiedAt = ColumnValues.Time(VerifiedAt),
        ExpiryNotifiedAt = ColumnValues.Time(ExpiryNotifiedAt),
    };
}
