namespace RuBackup.Server.Strategies;

/// <summary>
/// The glob of a strategy over VM names: * matches any run of characters (also none), ? exactly one;
/// every other character matches itself, case-sensitively (RUSTACK's VM names are case-sensitive, and
/// "Web-1" and "web-1" may be different machines). The whole name must match.
/// </summary>
public static class NamePattern
{
    public const int MaxLength = 128;

    /// <summary>Why <paramref name="pattern"/> is no usable pattern, or null when it is one.</summary>
    public static string? Problem(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return "the name pattern must not be empty (\"*\" matches every VM)";
        }
        if (pattern.Length > MaxLength)
        {
            return $"the name pattern is longer than {MaxLength} characters";
        }
        if (pattern.Any(char.IsControl))
        {
            return "the name pattern must not contain control characters";
        }
        return null;
    }

    /// <summary>
    /// Greedy matching that backtracks only to the last star: linear in practice and never exponential,
    /// so a hostile pattern ("*a*a*a*b") cannot stall the expander.
    /// </summary>
    public static bool Matches(string pattern, string name)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(name);
        int p = 0, n = 0, star = -1, resume = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || (pattern[p] != '*' && pattern[p] == name[n])))
            {
                p++;
                n++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = n;
            }
            else if (star >= 0)
            {
                p = star + 1;
                n = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }
}
