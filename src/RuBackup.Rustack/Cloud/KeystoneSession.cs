using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RuBackup.Rustack.Cloud;

/// <summary>A Keystone token with the catalog it came with.</summary>
public sealed record AuthToken(string Value, DateTimeOffset ExpiresAt, ServiceCatalog Catalog);

/// <summary>
/// Keystone v3 password authentication of one user (user and domain by name, project scoped by id).
/// The token comes from the X-Subject-Token header; it is renewed shortly before it expires and
/// whenever the cloud answers 401 (revoked, or the cloud restarted), so long backups outlive it.
/// </summary>
public sealed class KeystoneSession
{
    private readonly RequestSender _sender;
    private readonly Uri _identity;
    private readonly Credentials _credentials;
    private readonly CloudOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AuthToken? _token;

    public KeystoneSession(RequestSender sender, Uri identity, Credentials credentials, CloudOptions options, TimeProvider? time = null)
    {
        _sender = sender;
        _identity = identity;
        _credentials = credentials;
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    public string User => _credentials.User;

    /// <summary>How many times a token was requested (tests prove renewal with it).</summary>
    public int Authentications { get; private set; }

    public async Task<AuthToken> TokenAsync(CancellationToken cancellationToken)
    {
        var current = _token;
        if (current is not null && _time.GetUtcNow() < current.ExpiresAt - _options.TokenRenewMargin)
        {
            return current;
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token is null || _token == current)
            {
                _token = await AuthenticateAsync(cancellationToken).ConfigureAwait(false);
            }
            return _token;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets a token the cloud refused, so the next TokenAsync authenticates again.</summary>
    public void Invalidate(AuthToken token)
    {
        Interlocked.CompareExchange(ref _token, null, token);
    }

    private async Task<AuthToken> AuthenticateAsync(CancellationToken cancellationToken)
    {
        Authentications++;
        var body = new
        {
            auth = new
            {
                identity = new
                {
                    methods = new[] { "password" },
                    password = new
                    {
                        user = new { name = _credentials.User, domain = new { name = _credentials.Domain }, password = _credentials.Password },
                    },
                },
                scope = new { project = new { id = _credentials.ProjectId } },
            },
        };
        var uri = new Uri(_identity, "auth/tokens");
        var resource = $"user {_credentials.User}, domain {_credentials.Domain}, project {_credentials.ProjectId}";
        using var response = await _sender.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, uri) { Content = JsonContent.Create(body) },
            "authentication", resource, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var message = await RequestSender.ErrorMessageAsync(response, cancellationToken).ConfigureAwait(false);
            var hint = response.StatusCode == HttpStatusCode.Unauthorized ? " (check username, password, domain and project_id)" : "";
            throw CloudException.For("authentication", resource, message + hint, (int)response.StatusCode);
        }
        if (!response.Headers.TryGetValues("X-Subject-Token", out var values))
        {
            throw CloudException.For("authentication", resource, "the answer has no X-Subject-Token header (is url the Keystone address?)");
        }
        TokenResponse? parsed;
        try
        {
            parsed = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw CloudException.For("authentication", resource, $"unreadable token body: {e.Message}", inner: e);
        }
        if (parsed?.Token is null)
        {
            throw CloudException.For("authentication", resource, "the answer has no token body");
        }
        return new AuthToken(values.First(), parsed.Token.ExpiresAt, new ServiceCatalog(parsed.Token.Catalog));
    }
}
