namespace RuBackup.Client.Api;

/// <summary>Where the API client gets its bearer token, and how it gets a fresh one after a 401.</summary>
public interface ITokenSource
{
    ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken);

    /// <summary>Called once after a 401 for <paramref name="rejected"/>; true when a new token is ready to retry with.</summary>
    ValueTask<bool> RenewAsync(string? rejected, CancellationToken cancellationToken);
}

/// <summary>A token given once (a user's login, RUBACKUP_TOKEN): a 401 is final.</summary>
public sealed class StaticToken(string? token) : ITokenSource
{
    public ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult(token);

    public ValueTask<bool> RenewAsync(string? rejected, CancellationToken cancellationToken) => ValueTask.FromResult(false);
}
