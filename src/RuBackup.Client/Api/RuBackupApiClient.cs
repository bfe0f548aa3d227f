using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using RuBackup.Api;

namespace RuBackup.Client.Api;

/// <summary>
/// Typed access to every route of <see cref="ApiRoutes"/> (one partial file per resource). Bodies use
/// <see cref="ApiJson.Options"/>; authenticated calls carry the bearer token of <see cref="Tokens"/> and
/// are retried once with a renewed token after a 401. Every failure is an <see cref="ApiException"/>.
/// </summary>
public sealed partial class RuBackupApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly string? _caFile;

    /// <param name="server">The server's base URL (scheme, host, port; a path prefix is kept).</param>
    /// <param name="caFile">PEM file of the CA the server's certificate must chain to; null: the system's trust store.</param>
    public RuBackupApiClient(Uri server, string? caFile = null, ITokenSource? tokens = null)
        : this(new HttpClient(ServerTls.CreateHandler(caFile), disposeHandler: true), server, tokens, ownsHttp: true)
    {
        _caFile = caFile;
    }

    /// <summary>Over a caller's HttpClient (tests, a shared handler); the client is not disposed with this object.</summary>
    public RuBackupApiClient(HttpClient http, Uri server, ITokenSource? tokens = null)
        : this(http, server, tokens, ownsHttp: false)
    {
    }

    private RuBackupApiClient(HttpClient http, Uri server, ITokenSource? tokens, bool ownsHttp)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(server);
        if (!server.IsAbsoluteUri || (server.Scheme != Uri.UriSchemeHttp && server.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{server}' is not an http or https URL", nameof(server));
        }
        _http = http;
        _ownsHttp = ownsHttp;
        // Per-call timeouts come from RequestTimeout (the long poll needs a longer one than the rest).
        _http.Timeout = Timeout.InfiniteTimeSpan;
        Server = server;
        Tokens = tokens;
    }

    public Uri Server { get; }

    public ITokenSource? Tokens { get; set; }

    /// <summary>How long one call may take before it counts as "no answer" (the long poll adds its wait).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>An absolute URL of a route on this server (the pool URL handed to the module is one).</summary>
    public Uri Absolute(string route)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (Uri.TryCreate(route, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal))
        {
            return absolute;
        }
        var basePath = Server.AbsolutePath.TrimEnd('/');
        return new Uri(Server, basePath + "/" + route.TrimStart('/'));
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private static string Query(string route, params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return given.Count == 0 ? route : route + "?" + string.Join("&", given);
    }

    /// <summary>Enum values in query strings are lower-case, as the route table writes them (?state=executing).</summary>
    private static string? Lower<T>(T? value) where T : struct, Enum => value?.ToString().ToLowerInvariant();

    private async Task<T> GetAsync<T>(string route, CancellationToken cancellationToken, bool anonymous = false) =>
        await ReadAsync<T>(await SendAsync(HttpMethod.Get, route, null, anonymous, null, cancellationToken).ConfigureAwait(false), route, cancellationToken).ConfigureAwait(false);

    private async Task<T> PostAsync<T>(string route, object? body, CancellationToken cancellationToken, bool anonymous = false) =>
        await ReadAsync<T>(await SendAsync(HttpMethod.Post, route, body, anonymous, null, cancellationToken).ConfigureAwait(false), route, cancellationToken).ConfigureAwait(false);

    private async Task<T> PutAsync<T>(string route, object? body, CancellationToken cancellationToken) =>
        await ReadAsync<T>(await SendAsync(HttpMethod.Put, route, body, false, null, cancellationToken).ConfigureAwait(false), route, cancellationToken).ConfigureAwait(false);

    private async Task<T> PatchAsync<T>(string route, object? body, CancellationToken cancellationToken) =>
        await ReadAsync<T>(await SendAsync(HttpMethod.Patch, route, body, false, null, cancellationToken).ConfigureAwait(false), route, cancellationToken).ConfigureAwait(false);

    private async Task<T> DeleteAsync<T>(string route, CancellationToken cancellationToken) =>
        await ReadAsync<T>(await SendAsync(HttpMethod.Delete, route, null, false, null, cancellationToken).ConfigureAwait(false), route, cancellationToken).ConfigureAwait(false);

    private async Task SendNoResultAsync(HttpMethod method, string route, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, route, body, false, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> ReadAsync<T>(HttpResponseMessage response, string route, CancellationToken cancellationToken)
    {
        using (response)
        {
            try
            {
                var value = await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, cancellationToken).ConfigureAwait(false);
                return value ?? throw new ApiException((int)response.StatusCode, $"the server answered {route} with an empty body");
            }
            catch (JsonException e)
            {
                throw new ApiException((int)response.StatusCode, $"the server's answer to {route} is not the expected JSON: {e.Message}", e);
            }
        }
    }

    /// <summary>Sends one call; a non-success status becomes an ApiException (after one token renewal on 401).</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string route, object? body, bool anonymous, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        string? token = null;
        if (!anonymous && Tokens is not null)
        {
            token = await Tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        }
        var response = await SendOnceAsync(method, route, body, token, timeout, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized && !anonymous && Tokens is not null
            && await Tokens.RenewAsync(token, cancellationToken).ConfigureAwait(false))
        {
            response.Dispose();
            token = await Tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            response = await SendOnceAsync(method, route, body, token, timeout, cancellationToken).ConfigureAwait(false);
        }
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            throw await ApiErrors.FromResponseAsync(response, method, route, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpMethod method, string route, object? body, string? token, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, Absolute(route));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: ApiJson.Options);
        }
        var limit = timeout ?? RequestTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        try
        {
            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token).ConfigureAwait(false);
            return response;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ApiException(0, $"no answer from the server {Server} within {limit.TotalSeconds:0} s ({method} {route})", e);
        }
        catch (HttpRequestException e) when (e.InnerException is System.Security.Authentication.AuthenticationException)
        {
            var trust = _caFile is null ? "the system's trusted CAs" : $"the CA in {_caFile}";
            throw new ApiException(0, $"cannot reach the server {Server}: TLS: its certificate is not trusted (it must chain to {trust} and name the server's host)", e);
        }
        catch (HttpRequestException e)
        {
            throw new ApiException(0, $"cannot reach the server {Server}: {ApiErrors.Innermost(e)}", e);
        }
    }
}
