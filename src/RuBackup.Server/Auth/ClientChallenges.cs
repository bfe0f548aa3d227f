using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;

namespace RuBackup.Server.Auth;

/// <summary>
/// Nonces a client signs to get a token: random, kept in memory for 60 seconds, usable once. A server
/// restart forgets them, which only makes the client ask again.
/// </summary>
public sealed class ClientChallenges(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);
    private readonly ConcurrentDictionary<string, (long ClientId, DateTimeOffset ExpiresAt)> _pending = new(StringComparer.Ordinal);

    public (string Nonce, DateTimeOffset ExpiresAt) Issue(long clientId)
    {
        var now = time.GetUtcNow();
        foreach (var (key, value) in _pending)
        {
            if (value.ExpiresAt <= now)
            {
                _pending.TryRemove(key, out _);
            }
        }
        var nonce = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var expires = now + Lifetime;
        _pending[nonce] = (clientId, expires);
        return (nonce, expires);
    }

    /// <summary>Removes the nonce whatever the outcome; true when it was issued to this client and is still fresh.</summary>
    public bool Consume(string nonce, long clientId) =>
        _pending.TryRemove(nonce, out var entry) && entry.ClientId == clientId && entry.ExpiresAt > time.GetUtcNow();
}
