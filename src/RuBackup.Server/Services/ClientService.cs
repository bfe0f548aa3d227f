using System.Security.Cryptography;
using System.Text;
using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Repository.Signing;
using RuBackup.Server.Api;
using RuBackup.Server.Auth;

namespace RuBackup.Server.Services;

/// <summary>
/// Client registration and key authentication, and the administrator's view of clients. A client is
/// known by its public key (ECDSA P-256, SubjectPublicKeyInfo); it proves the key by signing a nonce
/// (SHA-256, IEEE P1363) and gets a bearer token even while unauthorized: what it may do is decided
/// per call by its status.
/// </summary>
public sealed class ClientService(ICatalog catalog, ClientChallenges challenges, TokenService tokens, AuditLog audit, TimeProvider time)
{
    public async Task<RegistrationResponse> RegisterAsync(ClientRegistration registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        NameRules.Require(registration.Name, "name", "client name");
        if (string.IsNullOrWhiteSpace(registration.Hostname))
        {
            throw ApiException.BadRequest("hostname", "hostname is required");
        }
        var spki = ParsePublicKey(registration.PublicKey);
        // The same fingerprint a signed manifest's key gets: commits and verification compare the two.
        var fingerprint = SignerKeys.Fingerprint(spki);
        ClientRecord record;
        try
        {
            record = await catalog.RegisterClientAsync(registration with { Modules = registration.Modules ?? [] }, fingerprint, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        catch (CatalogConflictException)
        {
            throw ApiException.Conflict($"client name '{registration.Name}' belongs to another key; choose another name or delete the old client");
        }
        await audit.RecordAsync("client:" + record.Info.Name, "client.register", record.Info.Name,
            $"host {registration.Hostname}, key {fingerprint[..16]}, centralized restore {(registration.CentralizedRestore ? "on" : "off")}", cancellationToken).ConfigureAwait(false);
        return new RegistrationResponse(record.Info.Id, record.Info.Status);
    }

    public async Task<ClientChallengeResponse> ChallengeAsync(ClientChallengeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        _ = await FindAsync(request.ClientId, cancellationToken).ConfigureAwait(false);
        var (nonce, expires) = challenges.Issue(request.ClientId);
        return new ClientChallengeResponse(nonce, expires);
    }

    public async Task<TokenResponse> TokenAsync(ClientTokenRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(request.Nonce) || !challenges.Consume(request.Nonce, request.ClientId))
        {
            throw new ApiException(StatusCodes.Status401Unauthorized, "the challenge is unknown, used or expired; ask for a new one", "nonce");
        }
        var client = await catalog.FindClientAsync(request.ClientId, cancellationToken).ConfigureAwait(false)
            ?? throw new ApiException(StatusCodes.Status401Unauthorized, $"no client {request.ClientId}", "clientId");
        if (!SignatureHolds(client.PublicKey, request.Nonce, request.Signature))
        {
            throw new ApiException(StatusCodes.Status401Unauthorized, $"the signature does not match client {client.Info.Name}'s key", "signature");
        }
        var (token, expires) = await tokens.IssueAsync(TokenService.ClientSubject(client.Info.Id), cancellationToken).ConfigureAwait(false);
        await catalog.TouchClientAsync(client.Info.Id, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return new TokenResponse(token, expires, client.Info.Name, Roles.Client);
    }

    public async Task<IReadOnlyList<ClientInfo>> ListAsync(string? status, CancellationToken cancellationToken)
    {
        ClientStatus? filter = null;
        if (!string.IsNullOrEmpty(status))
        {
            filter = Enum.TryParse<ClientStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw ApiException.BadRequest("status", $"'{status}' is not a client status (unauthorized, authorized, revoked)");
        }
        return [.. (await catalog.ListClientsAsync(filter, cancellationToken).ConfigureAwait(false)).Select(c => c.Info)];
    }

    public async Task<ClientInfo> GetAsync(long id, CancellationToken cancellationToken) =>
        (await FindAsync(id, cancellationToken).ConfigureAwait(false)).Info;

    public async Task<ClientInfo> UpdateAsync(Caller caller, long id, UpdateClientRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var client = await FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (request.ClearGroup && request.Group is not null)
        {
            throw ApiException.BadRequest("group", "give either a group or clearGroup, not both");
        }
        if (request.Group is not null)
        {
            NameRules.Require(request.Group, "group", "group name");
        }
        if (request.Group is not null || request.ClearGroup)
        {
            await catalog.SetClientGroupAsync(id, request.ClearGroup ? null : request.Group, cancellationToken).ConfigureAwait(false);
            await audit.RecordAsync(caller, "client.update", client.Info.Name, request.ClearGroup ? "group cleared" : $"group {request.Group}", cancellationToken).ConfigureAwait(false);
        }
        return await GetAsync(id, cancellationToken).ConfigureAwait(false);
    }

    public Task<ClientInfo> AuthorizeAsync(Caller caller, long id, CancellationToken cancellationToken) =>
        SetStatusAsync(caller, id, ClientStatus.Authorized, "client.authorize", cancellationToken);

    public Task<ClientInfo> RevokeAsync(Caller caller, long id, CancellationToken cancellationToken) =>
        SetStatusAsync(caller, id, ClientStatus.Revoked, "client.revoke", cancellationToken);

    public async Task DeleteAsync(Caller caller, long id, CancellationToken cancellationToken)
    {
        var client = await FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (!await catalog.DeleteClientAsync(id, cancellationToken).ConfigureAwait(false))
        {
            throw ApiException.NotFound($"no client {id}");
        }
        await catalog.DeleteTokensOfAsync(TokenService.ClientSubject(id), cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(caller, "client.delete", client.Info.Name, null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ResourceInfo>> ResourcesAsync(long id, CancellationToken cancellationToken)
    {
        _ = await FindAsync(id, cancellationToken).ConfigureAwait(false);
        return await catalog.ListResourcesAsync(id, cancellationToken).ConfigureAwait(false);
    }

    public async Task SaveResourcesAsync(long clientId, ResourceReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (string.IsNullOrWhiteSpace(report.Type))
        {
            throw ApiException.BadRequest("type", "the resource type is required");
        }
        await catalog.SaveResourcesAsync(clientId, report with { Resources = report.Resources ?? [] }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ClientInfo> SetStatusAsync(Caller caller, long id, ClientStatus status, string action, CancellationToken cancellationToken)
    {
        var client = await FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (!await catalog.SetClientStatusAsync(id, status, cancellationToken).ConfigureAwait(false))
        {
            throw ApiException.NotFound($"no client {id}");
        }
        await audit.RecordAsync(caller, action, client.Info.Name, $"{client.Info.Status} -> {status}", cancellationToken).ConfigureAwait(false);
        return await GetAsync(id, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ClientRecord> FindAsync(long id, CancellationToken cancellationToken) =>
        await catalog.FindClientAsync(id, cancellationToken).ConfigureAwait(false) ?? throw ApiException.NotFound($"no client {id}");

    private const string P256Oid = "1.2.840.10045.3.1.7";

    private static byte[] ParsePublicKey(string? publicKey)
    {
        try
        {
            var spki = Convert.FromBase64String(publicKey ?? "");
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(spki, out var read);
            if (read != spki.Length || key.ExportParameters(false).Curve.Oid.Value != P256Oid)
            {
                throw ApiException.BadRequest("publicKey", "the public key must be an ECDSA P-256 SubjectPublicKeyInfo (base64)");
            }
            return spki;
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            throw ApiException.BadRequest("publicKey", "the public key must be an ECDSA P-256 SubjectPublicKeyInfo (base64)");
        }
    }

    private static bool SignatureHolds(string publicKey, string nonce, string? signature)
    {
        var bytes = new byte[ManifestSigner.SignatureSize];
        return Convert.TryFromBase64String(signature ?? "", bytes, out var written) && written == bytes.Length
            && SignerKeys.Verifies(publicKey, Encoding.UTF8.GetBytes(nonce), bytes);
    }
}
