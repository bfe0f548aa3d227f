using System.Text.RegularExpressions;

namespace RuBackup.Rustack.Cloud;

/// <summary>
/// Hides secrets in what curl_verbose logs: password fields of JSON bodies and token headers. The
/// log is meant to be pasted into support tickets, so nothing in it may let a reader log in.
/// </summary>
public static partial class Redactor
{
    public const string Mask = "***";

    private static readonly HashSet<string> SecretHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "X-Auth-Token", "X-Subject-Token", "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie",
    };

    public static bool IsSecretHeader(string name) => SecretHeaders.Contains(name);

    /// <summary>Masks the values of "password", "admin_password", "secret" and token-id fields in JSON text.</summary>
    public static string RedactBody(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return SecretField().Replace(body, m => m.Groups["head"].Value + "\"" + Mask + "\"");
    }

    // A JSON string field whose name ends in "password" or "secret", or is "token"/"id" inside a token
    // object body; escaped quotes inside the value are handled by the (\\.|[^"\\])* form.
    [GeneratedRegex("(?<head>\"(?:[A-Za-z_]*password|secret|auth_token|token_id)\"\\s*:\\s*)\"(?:\\\\.|[^\"\\\\])*\"", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretField();
}
