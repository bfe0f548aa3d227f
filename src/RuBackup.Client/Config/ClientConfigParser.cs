using System.Globalization;
using System.Text.RegularExpressions;

namespace RuBackup.Client.Config;

/// <summary>
/// Reads rubackup-client.conf in the format of rb_module_rustack.conf: one `key value` per line; a
/// line whose first non-space character is `#` is a comment (a `#` elsewhere belongs to the value);
/// blank lines and surrounding spaces are ignored. Relative paths are relative to the root.
/// </summary>
public static partial class ClientConfigParser
{
    public static ClientConfig Load(ClientPaths paths, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        file ??= paths.ConfigFile;
        string text;
        try
        {
            text = System.IO.File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ClientConfigException($"{file}: cannot read the configuration file: {e.Message}", e);
        }
        return Parse(text, file, paths);
    }

    public static ClientConfig Parse(string text, string file, ClientPaths paths, string? hostname = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(paths);
        var values = Tokenize(text, file);
        if (!values.TryGetValue(ClientConfigKeys.Server, out var server))
        {
            throw new ClientConfigException($"{file}: {ClientConfigKeys.Server}: missing; give the server's URL (server https://backup.example:8443)");
        }
        return new ClientConfig
        {
            File = file,
            Server = ServerUrl(file, server),
            Name = Name(file, values, hostname ?? Environment.MachineName),
            CentralizedRestore = YesNo(file, values, ClientConfigKeys.CentralizedRestore, true),
            ModulePath = PathOf(values, ClientConfigKeys.ModulePath, paths) ?? paths.DefaultModule,
            ModuleConfig = PathOf(values, ClientConfigKeys.ModuleConfig, paths) ?? paths.DefaultModuleConfig,
            ExportFolder = PathOf(values, ClientConfigKeys.ExportFolder, paths) ?? paths.ExportFolder,
            ServerCa = ServerCa(file, values, paths),
            PollWait = Seconds(file, values, ClientConfigKeys.PollWait, 30, 1, 300),
            ResourceReportInterval = Seconds(file, values, ClientConfigKeys.ResourceReportInterval, 300, 10, 86400),
            MaxTasks = Number(file, values, ClientConfigKeys.MaxTasks, 1, 1, 64),
            ServerUnreachableLimit = Seconds(file, values, ClientConfigKeys.ServerUnreachableLimit, 600, 10, 86400),
        };
    }

    private static Dictionary<string, (int Line, string Value)> Tokenize(string text, string file)
    {
        var values = new Dictionary<string, (int Line, string Value)>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var split = line.IndexOfAny([' ', '\t']);
            var key = split < 0 ? line : line[..split];
            var value = split < 0 ? "" : line[split..].Trim();
            if (!ClientConfigKeys.All.Contains(key))
            {
                throw ClientConfigException.At(file, number, key, $"unknown key (known: {string.Join(", ", ClientConfigKeys.All.Order(StringComparer.Ordinal))})");
            }
            if (values.TryGetValue(key, out var first))
            {
                throw ClientConfigException.At(file, number, key, $"given twice (first at line {first.Line})");
            }
            if (value.Length == 0)
            {
                throw ClientConfigException.At(file, number, key, "has no value");
            }
            if (value.Length >= 2 && value[0] == '<' && value[^1] == '>')
            {
                throw ClientConfigException.At(file, number, key, $"'{value}' is the installed placeholder; put the real value");
            }
            values[key] = (number, value);
        }
        return values;
    }

    private static Uri ServerUrl(string file, (int Line, string Value) entry)
    {
        if (!Uri.TryCreate(entry.Value, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || url.Host.Length == 0)
        {
            throw ClientConfigException.At(file, entry.Line, ClientConfigKeys.Server, $"'{entry.Value}' is not an http:// or https:// URL");
        }
        if (url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            throw ClientConfigException.At(file, entry.Line, ClientConfigKeys.Server, $"'{entry.Value}': give the base URL only, without ?query or #fragment");
        }
        return url;
    }

    private static string Name(string file, Dictionary<string, (int Line, string Value)> values, string hostname)
    {
        if (!values.TryGetValue(ClientConfigKeys.Name, out var entry))
        {
            return hostname;
        }
        if (entry.Value.Length > 64 || !NamePattern().IsMatch(entry.Value))
        {
            throw ClientConfigException.At(file, entry.Line, ClientConfigKeys.Name, $"'{entry.Value}': use letters, digits, '.', '_' and '-' (at most 64)");
        }
        return entry.Value;
    }

    private static bool YesNo(string file, Dictionary<string, (int Line, string Value)> values, string key, bool fallback)
    {
        if (!values.TryGetValue(key, out var entry))
        {
            return fallback;
        }
        return entry.Value switch
        {
            "yes" => true,
            "no" => false,
            _ => throw ClientConfigException.At(file, entry.Line, key, $"'{entry.Value}' must be yes or no"),
        };
    }

    private static string? PathOf(Dictionary<string, (int Line, string Value)> values, string key, ClientPaths paths) =>
        values.TryGetValue(key, out var entry) ? Path.GetFullPath(entry.Value, paths.Root) : null;

    private static string? ServerCa(string file, Dictionary<string, (int Line, string Value)> values, ClientPaths paths)
    {
        var path = PathOf(values, ClientConfigKeys.ServerCa, paths);
        if (path is not null && !System.IO.File.Exists(path))
        {
            throw ClientConfigException.At(file, values[ClientConfigKeys.ServerCa].Line, ClientConfigKeys.ServerCa, $"{path}: no such file (the PEM of the server's CA)");
        }
        return path;
    }

    private static TimeSpan Seconds(string file, Dictionary<string, (int Line, string Value)> values, string key, int fallback, int min, int max) =>
        TimeSpan.FromSeconds(Number(file, values, key, fallback, min, max));

    private static int Number(string file, Dictionary<string, (int Line, string Value)> values, string key, int fallback, int min, int max)
    {
        if (!values.TryGetValue(key, out var entry))
        {
            return fallback;
        }
        if (!int.TryParse(entry.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            throw ClientConfigException.At(file, entry.Line, key, $"'{entry.Value}' must be a whole number from {min} to {max}");
        }
        return number;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex NamePattern();
}
