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

    public long? RuleId { get; set; }

    public long? KeepUntil { get; set; }

    public long? VerifiedAt { get; set; }

    public long? ExpiryNotifiedAt { get; set; }

    public const string Columns =
        "id, client_id, client_name, pool, resource_type, resource, resource_name, type, base_id, created_at, " +
        "source_bytes, stored_bytes, status, encryption, key_id, rule_id, keep_until";

    public const string Parameters =
        "@Id, @ClientId, @ClientName, @Pool, @ResourceType, @Resource, @ResourceName, @Type, @BaseId, @CreatedAt, " +
        "@SourceBytes, @StoredBytes, @Status, @Encryption, @KeyId, @RuleId, @KeepUntil";

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
        RuleId = RuleId,
        KeepUntil = ColumnValues.Time(KeepUntil),
        VerifiedAt = ColumnValues.Time(VerifiedAt),
        ExpiryNotifiedAt = ColumnValues.Time(ExpiryNotifiedAt),
    };
}
