using System.Reflection;
using Dapper;

namespace RuBackup.Catalog;

/// <summary>
/// Rows exactly as the tables hold them (snake_case columns map to these PascalCase properties), and
/// their conversions to the API's records. The rows double as the parameters of inserts and updates.
/// </summary>
internal static class CatalogRows
{
    private static readonly Type[] RowTypes =
    [
        typeof(UserRow), typeof(TokenRow), typeof(AuditRow), typeof(ClientRow), typeof(ResourceRow),
        typeof(PoolRow), typeof(RuleRow), typeof(TaskRow), typeof(TaskLogRow), typeof(ArchiveRow), typeof(ArchiveLink),
        typeof(StrategyRow),
    ];

    /// <summary>Maps column "password_hash" to property PasswordHash for the row types only (Dapper's global switch would touch every user of Dapper in the process).</summary>
    public static void RegisterColumnMaps()
    {
        foreach (var type in RowTypes)
        {
            var byName = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
            SqlMapper.SetTypeMap(type, new CustomPropertyTypeMap(type, (_, column) =>
                byName.GetValueOrDefault(column.Replace("_", "", StringComparison.Ordinal))!));
        }
    }
}

internal sealed class UserRow
{
    public string Name { get; set; } = "";

    public string Role { get; set; } = "";

    public string PasswordHash { get; set; } = "";

    public bool Disabled { get; set; }

    public long CreatedAt { get; set; }

    public static UserRow From(UserRecord user) => new()
    {
        Name = user.Name,
        Role = ColumnValues.Text(user.Role),
        PasswordHash = user.PasswordHash,
        Disabled = user.Disabled,
        CreatedAt = ColumnValues.Ms(user.Created),
    };

    public UserRecord ToRecord() =>
        new(Name, ColumnValues.Enum<Api.UserRole>(Role, "users.role"), PasswordHash, Disabled, ColumnValues.Time(CreatedAt));
}

internal sealed class TokenRow
{
    public string TokenHash { get; set; } = "";

    public string Subject { get; set; } = "";

    public long CreatedAt { get; set; }

    public long ExpiresAt { get; set; }

    public static TokenRow From(TokenRecord token) => new()
    {
        TokenHash = token.TokenHash,
        Subject = token.Subject,
        CreatedAt = ColumnValues.Ms(token.Created),
        ExpiresAt = ColumnValues.Ms(token.ExpiresAt),
    };

    public TokenRecord ToRecord() => new(TokenHash, Subject, ColumnValues.Time(CreatedAt), ColumnValues.Time(ExpiresAt));
}

internal sealed class AuditRow
{
    public long Id { get; set; }

    public long LoggedAt { get; set; }

    public string Actor { get; set; } = "";

    public string Action { get; set; } = "";

    public string Target { get; set; } = "";

    public string? Details { get; set; }

    public Api.AuditEntry ToEntry() => new(Id, ColumnValues.Time(LoggedAt), Actor, Action, Target, Details);
}

internal sealed class ClientRow
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string Hostname { get; set; } = "";

    public string PublicKey { get; set; } = "";

    public string KeyFingerprint { get; set; } = "";

    public string Status { get; set; } = "";

    public string Modules { get; set; } = "[]";

    public bool CentralizedRestore { get; set; }

    public string? ClientGroup { get; set; }

    public string Version { get; set; } = "";

    public long RegisteredAt { get; set; }

    public long? LastSeenAt { get; set; }

    public ClientRecord ToRecord() => new(
        new Api.ClientInfo(
            Id,
            Name,
            Hostname,
            ColumnValues.Enum<Api.ClientStatus>(Status, "clients.status"),
            KeyFingerprint,
            ColumnValues.List(Modules, "clients.modules"),
            CentralizedRestore,
            ClientGroup,
            ColumnValues.Time(RegisteredAt),
            ColumnValues.Time(LastSeenAt)),
        PublicKey);
}

internal sealed class ResourceRow
{
    public long ClientId { get; set; }

    public string Type { get; set; } = "";

    public int Ordinal { get; set; }

    public string ResourceId { get; set; } = "";

    public string Name { get; set; } = "";

    public string Status { get; set; } = "";

    public Api.ResourceInfo ToInfo() => new(Type, ResourceId, Name, Status);
}

internal sealed class PoolRow
{
    public string Name { get; set; } = "";

    public string Kind { get; set; } = "";

    public string Path { get; set; } = "";

    public int ChunkSize { get; set; }

    public string? Description { get; set; }

    public long CreatedAt { get; set; }

    public long? LastGcAt { get; set; }

    public static PoolRow From(Api.PoolInfo pool) => new()
    {
        Name = pool.Name,
        Kind = ColumnValues.Text(pool.Kind),
        Path = pool.Path,
        ChunkSize = pool.ChunkSize,
        Description = pool.Description,
        CreatedAt = ColumnValues.Ms(pool.Created),
    };

    public Api.PoolInfo ToInfo() =>
        new(Name, ColumnValues.Enum<Api.PoolKind>(Kind, "pools.kind"), Path, ChunkSize, Description, ColumnValues.Time(CreatedAt)) { LastGcAt = ColumnValues.Time(LastGcAt) };
}

internal sealed class TaskLogRow
{
    public long TaskId { get; set; }

    public int Seq { get; set; }

    public long LoggedAt { get; set; }

    public string Level { get; set; } = "";

    public string Message { get; set; } = "";

    public Api.TaskLogLine ToLine() => new(ColumnValues.Time(LoggedAt), Level, Message);
}

/// <summary>Just the base link of an archive: enough to compute chains.</summary>
internal sealed class ArchiveLink
{
    public string Id { get; set; } = "";

    public string? BaseId { get; set; }
}
