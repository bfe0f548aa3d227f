using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RuBackup.Rustack.Cloud;

/// <summary>
/// Authenticated JSON calls of one user to Nova and Cinder: endpoint from the catalog, token header,
/// microversion headers, one re-authentication on 401, and errors that name step and resource.
/// </summary>
public sealed class ApiClient
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly RequestSender _sender;
    private readonly CloudOptions _options;

    public ApiClient(RequestSender sender, KeystoneSession session, CloudOptions options)
    {
        _sender = sender;
        Session = session;
        _options = options;
    }

    public KeystoneSession Session { get; }

    public async Task<T> GetAsync<T>(CloudService service, string path, string step, string resource, CancellationToken cancellationToken)
    {
        return await SendAsync<T>(service, HttpMethod.Get, path, null, step, resource, cancellationToken).ConfigureAwait(false)
            ?? throw CloudException.For(step, resource, "empty answer");
    }

    /// <summary>GET that maps 404 to null (the resource is gone, which cleanup and polling need to know).</summary>
    public async Task<T?> FindAsync<T>(CloudService service, string path, string step, string resource, CancellationToken cancellationToken)
        where T : class
    {
        using var response = await SendRawAsync(service, HttpMethod.Get, path, null, step, resource, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        return await ReadAsync<T>(response, step, resource, cancellationToken).ConfigureAwait(false);
    }

    public async Task<T?> SendAsync<T>(CloudService service, HttpMethod method, string path, object? body, string step, string resource, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(service, method, path, body, step, resource, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<T>(response, step, resource, cancellationToken).ConfigureAwait(false);
    }

    public async Task SendAsync(CloudService service, HttpMethod method, string path, object? body, string step, string resource, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(service, method, path, body, step, resource, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, step, resource, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends with authentication and renewal; the caller owns (and must dispose) the response.</summary>
    public async Task<HttpResponseMessage> SendRawAsync(CloudService service, HttpMethod method, string path, object? body, string step, string resource, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var token = await Session.TokenAsync(cancellationToken).ConfigureAwait(false);
            var endpoint = token.Catalog.Find(service)
                ?? throw CloudException.For(step, resource, $"the service catalog has no {string.Join(" or ", ServiceCatalog.TypesOf(service))} endpoint");
            var uri = new Uri(endpoint, path.TrimStart('/'));
            var response = await _sender.SendAsync(() => Build(service, method, uri, body, token.Value), step, resource, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0)
            {
                // The token was revoked or expired early: authenticate again and repeat once.
                response.Dispose();
                Session.Invalidate(token);
                continue;
            }
            return response;
        }
    }

    public static async Task EnsureSuccessAsync(HttpResponseMessage response, string step, string resource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!response.IsSuccessStatusCode)
        {
            var message = await RequestSender.ErrorMessageAsync(response, cancellationToken).ConfigureAwait(false);
            throw CloudException.For(step, resource, message, (int)response.StatusCode);
        }
    }

    private static async Task<T?> ReadAsync<T>(HttpResponseMessage response, string step, string resource, CancellationToken cancellationToken)
    {
        await EnsureSuccessAsync(response, step, resource, cancellationToken).ConfigureAwait(false);
        if (response.Content.Headers.ContentLength == 0)
        {
            return default;
        }
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw CloudException.For(step, resource, $"unreadable answer: {e.Message}", inner: e);
        }
    }

    private HttpRequestMessage Build(CloudService service, HttpMethod method, Uri uri, object? body, string token)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Add("X-Auth-Token", token);
        request.Headers.Accept.ParseAdd("application/json");
        switch (service)
        {
            case CloudService.Compute:
                // Old Nova reads the legacy header, new Nova the generic one: send both.
                request.Headers.Add("X-OpenStack-Nova-API-Version", _options.ComputeMicroversion);
                request.Headers.Add("OpenStack-API-Version", "compute " + _options.ComputeMicroversion);
                break;
            case CloudService.BlockStorage:
                request.Headers.Add("OpenStack-API-Version", "volume " + _options.VolumeMicroversion);
                break;
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }
        return request;
    }
}
