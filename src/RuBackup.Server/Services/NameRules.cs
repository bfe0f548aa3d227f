using System.Text.RegularExpressions;
using RuBackup.Server.Api;

namespace RuBackup.Server.Services;

/// <summary>Names of users, clients, pools and rules: they appear in paths, logs and folder names.</summary>
public static partial class NameRules
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex Valid();

    public static void Require(string? name, string field, string what)
    {
        if (string.IsNullOrEmpty(name) || !Valid().IsMatch(name))
        {
            throw ApiException.BadRequest(field, $"{what} '{name}' is not valid: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }
}
