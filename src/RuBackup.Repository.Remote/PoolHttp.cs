using System.Net;
using System.Text.Json;
using Polly;
using Polly.Retry;

namespace RuBackup.Repository.Remote;

/// <summary>
/// Sending and failing, the same way for every call of the protocol: which calls are retried, and how
/// a response or a transport error becomes one line for the operator.
/// </summary>
internal sealed class PoolHttp(HttpClient client, string description, TimeProvider time)
{
    /// <summary>
    /// Reads (and the read-like find-missing) are idempotent: connection failures, timeouts and 5xx
    /// answers are tried again, 4 times with growing pauses. Writes go through <see cref="SendOnceAsync"/>.
    /// </summary>
    private readonly ResiliencePipeline<HttpResponseMessage> _reads = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
        .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            ShouldHandle = static args => ValueTask.FromResult(args.Outcome switch
            {
                { Exception: HttpRequestException or IOException } => true,
                // Our per-attempt timeout, not the caller cancelling.
                { Exception: OperationCanceledException } => !args.Context.CancellationToken.IsCancellationRequested,
                { Result: { } response } => (int)response.StatusCode >= 500,
                _ => false,
            }),
            MaxRetryAttempts = 4,
            Delay = TimeSpan.FromMilliseconds(250),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            OnRetry = static args =>
            {
                args.Outcome.Result?.Dispose();
                return default;
            },
        })
        .Build();

    public string Description { get; } = description;

    public HttpClient Client { get; } = client;

    /// <summary>Per attempt of a read, and for opening a session.</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromMinutes(2);

    /// <summary>One chunk batch: a few MiB, but the server writes each chunk before answering.</summary>
    public static readonly TimeSpan BatchTimeout = TimeSpan.FromMinutes(10);

    /// <summary>A commit makes every chunk of the archive durable (one syncfs of all of them) and runs the host's hook.</summary>
    public static readonly TimeSpan CommitTimeout = TimeSpan.FromHours(1);

    /// <summary>Sends a fresh request per attempt; the response is buffered, so a cut body is retried too.</summary>
    public async Task<HttpResponseMessage> SendReadAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        try
        {
            return await _reads.ExecuteAsync(async ct =>
            {
                using var message = request();
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(ReadTimeout);
                return await Client.SendAsync(message, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsTransport(e, cancellationToken))
        {
            throw TransportError(e, ReadTimeout);
        }
    }

    /// <summary>Sends once: a write that failed on the way is not repeated blindly.</summary>
    public async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            return await Client.SendAsync(request, HttpCompletionOption.ResponseContentRead, limit.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (IsTransport(e, cancellationToken))
        {
            throw TransportError(e, timeout);
        }
    }

    /// <summary>"pool URL: 403 client x is not authorized": the server's one line, or the status when it sent none.</summary>
    public async Task<RepositoryException> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var error = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
        var text = error?.Error is { Length: > 0 } message ? message : response.ReasonPhrase ?? response.StatusCode.ToString();
        return new RepositoryException($"pool {Description}: {(int)response.StatusCode} {OneLine(text)}");
    }

    public static async Task<PoolError?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return null;
        }
        try
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize<PoolError>(bytes, PoolWire.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize<T>(bytes, PoolWire.Json)
                ?? throw new RepositoryException($"pool {Description}: the server answered an empty JSON body to {response.RequestMessage?.RequestUri?.AbsolutePath}");
        }
        catch (JsonException e)
        {
            throw new RepositoryException($"pool {Description}: the server's answer to {response.RequestMessage?.RequestUri?.AbsolutePath} is not the expected JSON: {e.Message}", e);
        }
    }

    private static bool IsTransport(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private RepositoryException TransportError(Exception e, TimeSpan timeout)
    {
        var reason = e is OperationCanceledException
            ? $"no answer within {timeout.TotalSeconds:0} s"
            : e.InnerException is { } inner && !e.Message.Contains(inner.Message, StringComparison.Ordinal) ? $"{e.Message} ({inner.Message})" : e.Message;
        return new RepositoryException($"pool {Description}: {OneLine(reason)}", e);
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    public static bool IsSuccess(HttpResponseMessage response) => response.StatusCode is >= HttpStatusCode.OK and < HttpStatusCode.MultipleChoices;
}
