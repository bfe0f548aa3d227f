namespace RuBackup.Client.Api;

/// <summary>
/// A call the server refused or could not answer. The message is one line fit for a terminal: the
/// server's <c>ApiError</c> text (with the field when one is at fault), or what failed on the way.
/// <see cref="StatusCode"/> is the HTTP status, or 0 when no answer came (connection refused, timeout,
/// TLS failure): callers retry those and give up on the others.
/// </summary>
public sealed class ApiException : Exception
{
    public ApiException(int statusCode, string message) : base(message) => StatusCode = statusCode;

    public ApiException(int statusCode, string message, Exception inner) : base(message, inner) => StatusCode = statusCode;

    public ApiException() { }

    public ApiException(string message) : base(message) { }

    public ApiException(string message, Exception inner) : base(message, inner) { }

    public int StatusCode { get; }

    /// <summary>The request field the server named as at fault (ApiError.Field), e.g. "schedule"; null when none.</summary>
    public string? Field { get; init; }

    /// <summary>The server was not reached or did not answer in time.</summary>
    public bool NoAnswer => StatusCode == 0;
}
