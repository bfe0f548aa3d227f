using System.Globalization;

namespace RuBackup.Client.Modules;

/// <summary>One line the module wrote to stderr: a progress report or a log line.</summary>
public abstract record ModuleLine
{
    public sealed record Progress(long Done, long Total) : ModuleLine;

    /// <param name="Level">"info", "warning" or "error".</param>
    public sealed record Log(string Level, string Message) : ModuleLine;

    /// <summary>
    /// Reads `progress DONE TOTAL` (bytes, with --progress) and log lines; the module prefixes its log
    /// lines with its name ("rb_module_rustack: warning: ..."), which is dropped here.
    /// </summary>
    public static ModuleLine Parse(string line, string? moduleName = null)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = line.TrimEnd();
        if (moduleName is not null && text.StartsWith(moduleName + ": ", StringComparison.Ordinal))
        {
            text = text[(moduleName.Length + 2)..];
        }
        if (text.StartsWith("progress ", StringComparison.Ordinal))
        {
            var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 3
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var done)
                && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var total))
            {
                return new Progress(done, total);
            }
        }
        if (text.StartsWith("warning: ", StringComparison.Ordinal))
        {
            return new Log("warning", text["warning: ".Length..]);
        }
        if (text.StartsWith("error: ", StringComparison.Ordinal))
        {
            return new Log("error", text["error: ".Length..]);
        }
        return new Log("info", text);
    }
}
