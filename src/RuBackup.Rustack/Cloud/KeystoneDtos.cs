using System.Text.Json.Serialization;

namespace RuBackup.Rustack.Cloud;

// Keystone v3 wire shapes (only the fields the module reads or sends).

public sealed record TokenResponse([property: JsonPropertyName("token")] TokenBody Token);

public sealed record TokenBody(
    [property: JsonPropertyName("expires_at")] DateTimeOffset ExpiresAt,
    [property: JsonPropertyName("catalog")] IReadOnlyList<CatalogEntry>? Catalog,
    [property: JsonPropertyName("project")] NamedRef? Project,
    [property: JsonPropertyName("user")] NamedRef? User);

public sealed record CatalogEntry(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("endpoints")] IReadOnlyList<CatalogEndpoint> Endpoints);

public sealed record CatalogEndpoint(
    [property: JsonPropertyName("interface")] string Interface,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("region")] string? Region);

public sealed record NamedRef(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("name")] string? Name);

/// <summary>A user who authenticates: the project user or the admin.</summary>
public sealed record Credentials(string User, string Password, string Domain, string ProjectId);
