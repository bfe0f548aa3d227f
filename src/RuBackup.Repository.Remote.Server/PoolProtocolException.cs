namespace RuBackup.Repository.Remote.Server;

/// <summary>A request the protocol refuses (bad body, unknown session, wrong state): status, one line, optional code.</summary>
internal sealed class PoolProtocolException(int statusCode, string message, string? code = null) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public string? Code { get; } = code;
}
