using System.Globalization;

namespace RuBackup.Rustack.Restore;

/// <summary>
/// The name of a VM deployed from an archive: the original when no VM in the project has it, else
/// the original with the smallest free numeric postfix (web-1 -> web-1-1, web-1-2, ...).
/// </summary>
public static class VmNaming
{
    public static string FreeName(string original, IEnumerable<string> existing)
    {
        ArgumentNullException.ThrowIfNull(existing);
        var taken = new HashSet<string>(existing, StringComparer.Ordinal);
        if (!taken.Contains(original))
        {
            return original;
        }
        for (var n = 1; ; n++)
        {
            var candidate = original + "-" + n.ToString(CultureInfo.InvariantCulture);
            if (!taken.Contains(candidate))
            {
                return candidate;
            }
        }
    }
}
