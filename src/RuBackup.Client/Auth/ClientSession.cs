using RuBackup.Api;
using RuBackup.Client.Api;
using RuBackup.Client.Keys;

namespace RuBackup.Client.Auth;

/// <summary>
/// The client's credentials with the server: register (public key) → challenge → sign the nonce →
/// bearer token. A token is renewed once less than half of its life remains, so whatever takes it
/// (the module gets it for a whole run) holds it for at least that long, and again after a 401.
/// A server that forgot the client (401/404 on the challenge) gets a fresh registration when the
/// session knows the identity.
/// </summary>
public sealed class ClientSession : ITokenSource, IDisposable
{
    private readonly RuBackupApiClient _api;
    private readonly ClientKeys _keys;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ClientIdentity? _identity;
    private string? _token;
    private DateTimeOffset _issued;
    private DateTimeOffset _expires;

    /// <summary>Makes the session the API client's token source.</summary>
    public ClientSession(RuBackupApiClient api, ClientKeys keys, TimeProvider? time = null)
    {
        _api = api ?? throw new ArgumentNullException(nameof(api));
        _keys = keys ?? throw new ArgumentNullException(nameof(keys));
        _time = time ?? TimeProvider.System;
        api.Tokens = this;
    }

    public long? ClientId { get; private set; }

    public ClientStatus? Status { get; private set; }

    public DateTimeOffset? TokenExpiresAt => _token is null ? null : _expires;

    /// <summary>Called with the id after every registration (the daemon saves it for the tools).</summary>
    public Action<long>? Registered { get; set; }

    public async Task<RegistrationResponse> RegisterAsync(ClientIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        _identity = identity;
        var response = await _api.RegisterClientAsync(identity.ToRegistration(_keys.PublicKey), cancellationToken).ConfigureAwait(false);
        ClientId = response.ClientId;
        Status = response.Status;
        Registered?.Invoke(response.ClientId);
        return response;
    }

    /// <summary>For the tools: the id saved by the daemon, without registering.</summary>
    public void UseClientId(long id) => ClientId = id;

    public async ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token is null || _time.GetUtcNow() >= _issued + ((_expires - _issued) / 2))
            {
                await IssueAsync(cancellationToken).ConfigureAwait(false);
            }
            return _token;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<bool> RenewAsync(string? rejected, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token is not null && _token != rejected)
            {
                return true;
            }
            _token = null;
            await IssueAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ApiException e) when (e.StatusCode is 401 or 403 or 404)
        {
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task IssueAsync(CancellationToken cancellationToken)
    {
        if (ClientId is null)
        {
            if (_identity is null)
            {
                throw new InvalidOperationException("the client has no id yet: register first");
            }
            await RegisterAsync(_identity, cancellationToken).ConfigureAwait(false);
        }
        TokenResponse token;
        try
        {
            token = await ChallengeAsync(ClientId!.Value, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.StatusCode is 401 or 404 && _identity is not null)
        {
            await RegisterAsync(_identity, cancellationToken).ConfigureAwait(false);
            token = await ChallengeAsync(ClientId!.Value, cancellationToken).ConfigureAwait(false);
        }
        _token = token.Token;
        _issued = _time.GetUtcNow();
        _expires = token.ExpiresAt > _issued ? token.ExpiresAt : _issued + TimeSpan.FromMinutes(1);
    }

    private async Task<TokenResponse> ChallengeAsync(long clientId, CancellationToken cancellationToken)
    {
        var challenge = await _api.RequestChallengeAsync(new ClientChallengeRequest(clientId), cancellationToken).ConfigureAwait(false);
        return await _api.RequestClientTokenAsync(new ClientTokenRequest(clientId, challenge.Nonce, _keys.Sign(challenge.Nonce)), cancellationToken).ConfigureAwait(false);
    }
}
