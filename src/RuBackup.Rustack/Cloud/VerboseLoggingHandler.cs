using System.Diagnostics;
using System.Text;

namespace RuBackup.Rustack.Cloud;

/// <summary>
/// curl_verbose: logs every request and response (method, URL, headers, body) with secrets masked.
/// Sits below the retry loop, so each attempt is logged as it went on the wire.
/// </summary>
public sealed class VerboseLoggingHandler : DelegatingHandler
{
    private readonly Action<string> _log;

    public VerboseLoggingHandler(Action<string> log, HttpMessageHandler inner) : base(inner) => _log = log;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = new StringBuilder();
        text.Append("> ").Append(request.Method).Append(' ').Append(request.RequestUri).AppendLine();
        AppendHeaders(text, "> ", request.Headers);
        if (request.Content is not null)
        {
            AppendHeaders(text, "> ", request.Content.Headers);
            // Buffer the body so logging it does not consume what the transport sends.
            await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            text.Append("> ").AppendLine(Redactor.RedactBody(await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)));
        }
        _log(text.ToString().TrimEnd());
        var clock = Stopwatch.StartNew();
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            _log($"< {request.Method} {request.RequestUri} failed after {clock.ElapsedMilliseconds} ms: {e.Message}");
            throw;
        }
        var answer = new StringBuilder();
        answer.Append("< ").Append((int)response.StatusCode).Append(' ').Append(response.ReasonPhrase)
            .Append(" (").Append(clock.ElapsedMilliseconds).AppendLine(" ms)");
        AppendHeaders(answer, "< ", response.Headers);
        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        AppendHeaders(answer, "< ", response.Content.Headers);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (body.Length > 0)
        {
            answer.Append("< ").AppendLine(Redactor.RedactBody(body));
        }
        _log(answer.ToString().TrimEnd());
        return response;
    }

    private static void AppendHeaders(StringBuilder text, string prefix, System.Net.Http.Headers.HttpHeaders headers)
    {
        foreach (var header in headers)
        {
            var value = Redactor.IsSecretHeader(header.Key) ? Redactor.Mask : string.Join(", ", header.Value);
            text.Append(prefix).Append(header.Key).Append(": ").AppendLine(value);
        }
    }
}
