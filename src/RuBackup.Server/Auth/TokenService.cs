using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using RuBackup.Catalog;
using RuBackup.Server.Options;

namespace RuBackup.Server.Auth;

/// <summary>
/// Bearer tokens: 32 random bytes in base64url, handed out once; the catalog keeps only their SHA-256
/// (hex), so a copy of the catalog opens nothing. Subjects are "user:NAME" or "client:ID".
/// </summary>
public sealed class TokenService(ICatalog catalog, ServerOptions options, TimeProvider time)
{
    public static string UserSubject(string name) => "user:" + name;

    public static string ClientSubject(long id) => "client:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string HashOf(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public async Task<(string Token, DateTimeOffset ExpiresAt)> IssueAsync(string subject, CancellationToken cancellationToken)
    {
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        var expires = now + options.TokenLifetime;
        await catalog.SaveTokenAsync(new TokenRecord(HashOf(token), subject, now, expires), cancellationToken).ConfigureAwait(false);
        return (token, expires);
    }

    /// <summary>The stored token when it exists and has not expired.</summary>
    public async Task<TokenRecord?> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var record = await catalog.FindTokenAsync(HashOf(token), cancellationToken).ConfigureAwait(false);
        return record is not null && record.ExpiresAt > time.GetUtcNow() ? record : null;
    }

    public Task RevokeAsync(string token, CancellationToken cancellationToken) =>
        catalog.DeleteTokenAsync(HashOf(token), cancellationToken);
}
