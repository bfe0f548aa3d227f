using System.Security.Cryptography;
using RuBackup.RustackSim.Model;

namespace RuBackup.RustackSim.Services;

/// <summary>Keystone password authentication and token validation against the persisted users.</summary>
public sealed class TokenService(CloudStore store, SimOptions options)
{
    public TokenRecord? Authenticate(string? userName, string? userId, string? domain, string? password)
    {
        return store.Change(state =>
        {
            var domainOk = domain is null || string.Equals(domain, state.Domain, StringComparison.OrdinalIgnoreCase);
            foreach (var (credential, admin) in new[] { (state.User, false), (state.Admin, true) })
            {
                var match = userId is not null ? credential.Id == userId : domainOk && credential.Name == userName;
                if (match && password is not null && CryptographicOperations.FixedTimeEquals(
                        System.Text.Encoding.UTF8.GetBytes(credential.Password), System.Text.Encoding.UTF8.GetBytes(password)))
                {
                    var now = DateTimeOffset.UtcNow;
                    var token = new TokenRecord
                    {
                        // Keystone's fernet tokens are opaque strings of this shape; clients only pass them back.
                        Id = "gAAAAA" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
                        UserId = credential.Id,
                        IsAdmin = admin,
                        IssuedAt = now,
                        ExpiresAt = now.AddSeconds(options.TokenLifetimeSeconds),
                    };
                    state.Tokens.Add(token);
                    return token;
                }
            }
            return null;
        });
    }

    public TokenRecord? Validate(string? tokenId)
    {
        if (string.IsNullOrEmpty(tokenId))
        {
            return null;
        }
        var now = DateTimeOffset.UtcNow;
        return store.Read(state => state.Tokens.FirstOrDefault(t => t.Id == tokenId && t.ExpiresAt > now));
    }
}
