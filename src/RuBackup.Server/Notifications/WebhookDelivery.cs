using System.Globalization;
using System.Text;

namespace RuBackup.Server.Notifications;

/// <summary>
/// POSTs a notice's JSON document to a webhook URL; any 2xx answer within <see cref="Timeout"/> is a
/// delivery. Redirects are not followed: a webhook that moved is an error the administrator should see.
/// </summary>
public sealed class WebhookDelivery : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = Timeout,
    };

    /// <summary>Null when delivered, else why not (one line; without the URL, which may carry a token).</summary>
    public async Task<string?> PostAsync(string url, string json, CancellationToken cancellationToken)
    {
        try
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await _http.PostAsync(new Uri(url), content, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? null
                : string.Create(CultureInfo.InvariantCulture, $"webhook answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (HttpRequestException e)
        {
            return $"webhook unreachable: {e.Message.ReplaceLineEndings(" ")}";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return string.Create(CultureInfo.InvariantCulture, $"webhook gave no answer within {Timeout.TotalSeconds:0} s");
        }
        catch (UriFormatException e)
        {
            return $"webhook address is not a URL: {e.Message}";
        }
    }

    public void Dispose() => _http.Dispose();
}
