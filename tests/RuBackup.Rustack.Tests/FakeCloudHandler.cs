using System.Net;
using System.Text;

namespace RuBackup.Rustack.Tests;

/// <summary>
/// An in-test HTTP endpoint: answers Keystone token requests with a catalog, and everything else
/// through a per-test function. Records what was sent (method, path, headers, body).
/// </summary>
internal sealed class FakeCloudHandler : HttpMessageHandler
{
    public const string Base = "http://cloud.test:5000";

    private int _tokens;

    public List<RecordedRequest> Requests { get; } = [];

    public Func<RecordedRequest, HttpResponseMessage> Api { get; set; } = _ => Json(HttpStatusCode.OK, "{}");

    /// <summary>Catalog JSON returned in every token; tests replace it to check endpoint selection.</summary>
    public string Catalog { get; set; } = """
        [ {"type": "compute", "name": "nova", "endpoints": [
             {"interface": "admin", "url": "http://admin.test/compute/v2.1"},
             {"interface": "public", "url": "http://cloud.test/compute/v2.1"} ]},
          {"type": "volumev3", "name": "cinderv3", "endpoints": [
             {"interface": "public", "url": "http://cloud.test/volume/v3/p-1"} ]} ]
        """;

    public DateTimeOffset TokenExpiry { get; set; } = DateTimeOffset.Parse("2030-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    public string LastIssuedToken => "tok-" + _tokens;

    public int TokensIssued => _tokens;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(request.Method, request.RequestUri!, request.Headers.ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase), body);
        Requests.Add(recorded);
        if (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/v3/auth/tokens", StringComparison.Ordinal))
        {
            _tokens++;
            var token = "{\"token\": {\"expires_at\": \"" + TokenExpiry.ToString("O", System.Globalization.CultureInfo.InvariantCulture) + "\", \"catalog\": " + Catalog + ", \"project\": {\"id\": \"p-1\"}}}";
            var response = Json(HttpStatusCode.Created, token);
            response.Headers.Add("X-Subject-Token", LastIssuedToken);
            return response;
        }
        return Api(recorded);
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
}

internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string Path => Uri.AbsolutePath;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
