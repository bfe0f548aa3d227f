using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RuBackup.Server.Options;

namespace RuBackup.Server.Auth;

/// <summary>
/// PBKDF2-SHA256 password hashes stored as <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> (salt and hash in
/// base64). Verification uses the iteration count stored in the hash, so lowering the option for tests
/// or raising it later never breaks existing passwords.
/// </summary>
public sealed class PasswordHasher(ServerOptions options)
{
    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    // Verifying against this when the user does not exist keeps "no such user" as slow as "wrong password".
    private readonly Lazy<string> _decoy = new(() => Hash("decoy", options.PasswordIterations));

    public string Hash(string password) => Hash(password, options.PasswordIterations);

    public bool Verify(string password, string? stored)
    {
        ArgumentNullException.ThrowIfNull(password);
        var parts = (stored ?? _decoy.Value).Split('$');
        if (parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            return false;
        }
        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected) && stored is not null;
    }

    private static string Hash(string password, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }
}
