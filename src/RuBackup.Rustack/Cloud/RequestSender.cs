using System.Text.Json;
using Polly;
using Polly.Retry;

namespace RuBackup.Rustack.Cloud;

/// <summary>
/// Sends one logical request: each attempt built afresh (a request message cannot be sent twice),
/// bounded by the per-request timeout, and retried with exponential backoff on connection errors,
/// timeouts and 5xx. A 4xx is the cloud's answer about our request, so it is never retried here.
/// </summary>
public sealed class RequestSender
{
    private readonly HttpClient _http;
    private readonly CloudOptions _options;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public RequestSender(HttpClient http, CloudOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options;
        _pipeline = BuildPipeline(options, time ?? TimeProvider.System);
    }

    /// <summary>Attempts made so far (first tries and retries): lets tests prove what was retried.</summary>
    public int Attempts { get; private set; }

    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> build, string step, string resource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(build);
        try
        {
            return await _pipeline.ExecuteAsync(async ct => await AttemptAsync(build, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw CloudException.For(step, resource, $"no answer within {_options.RequestTimeout.TotalSeconds:0} s (timeout), {_options.RetryCount} retries", inner: e);
        }
        catch (HttpRequestException e)
        {
            throw CloudException.For(step, resource, $"cannot reach the API: {e.Message}", inner: e);
        }
    }

    /// <summary>The cloud's own message from an error body ({"itemNotFound": {"message": ...}} and the like).</summary>
    public static async Task<string> ErrorMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var status = $"HTTP {(int)response.StatusCode}";
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in json.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty("message", out var message))
                    {
                        return $"{status}: {message.GetString()}";
                    }
                    if (property.NameEquals("message") && property.Value.ValueKind == JsonValueKind.String)
                    {
                        return $"{status}: {property.Value.GetString()}";
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page): fall through to the raw text.
        }
        var text = body.ReplaceLineEndings(" ").Trim();
        return text.Length == 0 ? $"{status} {response.ReasonPhrase}" : $"{status}: {(text.Length > 200 ? text[..200] + "…" : text)}";
    }

    private async Task<HttpResponseMessage> AttemptAsync(Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        Attempts++;
        using var request = build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            return response;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{request.Method} {request.RequestUri}: timed out", e);
        }
    }

    private static ResiliencePipeline<HttpResponseMessage> BuildPipeline(CloudOptions options, TimeProvider time)
    {
        if (options.RetryCount <= 0)
        {
            return ResiliencePipeline<HttpResponseMessage>.Empty;
        }
        return new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.RetryCount,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = options.RetryBaseDelay > TimeSpan.Zero,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutException>()
                    .HandleResult(r => (int)r.StatusCode >= 500),
                OnRetry = args =>
                {
                    // The failed response is dropped: release its connection before the next attempt.
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            })
            .Build();
    }
}
