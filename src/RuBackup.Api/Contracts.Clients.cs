using System.Text.Json.Serialization;

namespace RuBackup.Api;

[JsonConverter(typeof(JsonStringEnumConverter<ClientStatus>))]
public enum ClientStatus
{
    Unauthorized,
    Authorized,
    Revoked,
}

/// <summary>
/// What a client sends when it starts. The public key (SubjectPublicKeyInfo, base64) identifies it from
/// then on: registering again with the same key updates the record and never changes its status.
/// </summary>
public sealed record ClientRegistration(
    string Name,
    string Hostname,
    string PublicKey,
    IReadOnlyList<string> Modules,
    bool CentralizedRestore,
    string Version);

public sealed record RegistrationResponse(long ClientId, ClientStatus Status);

public sealed record ClientChallengeRequest(long ClientId);

/// <summary>A single-use nonce the client signs (ECDSA P-256, SHA-256, IEEE P1363 format) to get a token.</summary>
public sealed record ClientChallengeResponse(string Nonce, DateTimeOffset ExpiresAt);

public sealed record ClientTokenRequest(long ClientId, string Nonce, string Signature);

public sealed record ClientInfo(
    long Id,
    string Name,
    string Hostname,
    ClientStatus Status,
    string KeyFingerprint,
    IReadOnlyList<string> Modules,
    bool CentralizedRestore,
    string? Group,
    DateTimeOffset Registered,
    DateTimeOffset? LastSeen);

/// <summary>One resource a client's module can back up (a VM of `rb_module_rustack -l`).</summary>
public sealed record ResourceInfo(string Type, string Id, string Name, string Status);

public sealed record ResourceReport(string Type, IReadOnlyList<ResourceInfo> Resources);

public sealed record UpdateClientRequest(string? Group = null, bool ClearGroup = false);
