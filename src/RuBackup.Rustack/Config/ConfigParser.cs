using System.Globalization;

namespace RuBackup.Rustack.Config;

/// <summary>
/// Reads rb_module_rustack.conf: one `key value` per line; a line whose first non-space character
/// is `#` is a comment, while `#` anywhere else belongs to the value (passwords may contain it, which
/// is why the product forbids trailing comments); blank lines and surrounding spaces are ignored.
/// </summary>
public static class ConfigParser
{
    public const int MaxWaitSeconds = 86400;

    /// <summary>The installed location under the RuBackup root (RUBACKUP_ROOT, default /opt/rubackup).</summary>
    public static string DefaultPath(string? root = null)
    {
        root ??= Environment.GetEnvironmentVariable("RUBACKUP_ROOT");
        if (string.IsNullOrWhiteSpace(root))
        {
            root = "/opt/rubackup";
        }
        return Path.Combine(root, "etc", "rb_module_rustack.conf");
    }

    public static RustackConfig Load(string path, ModuleOperation operation)
    {
        string text;
        try
        {
            text = System.IO.File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{path}: cannot read the configuration file: {e.Message}", e);
        }
        return Parse(text, path, operation);
    }

    public static RustackConfig Parse(string text, string file, ModuleOperation operation)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = Tokenize(text, file);
        var warnings = new List<string>();
        var values = new Dictionary<string, ConfigLine>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            if (IsPlaceholder(line.Value))
            {
                if (!ConfigKeys.Optional.Contains(line.Key))
                {
                    throw ConfigException.At(file, line.Number, line.Key, $"'{line.Value}' is the installed placeholder; put the real value");
                }
                // The installed file ships optional keys uncommented with placeholders (admin_name,
                // ca_info); treating them as errors would break every install that does not use them.
                warnings.Add($"{file}:{line.Number}: {line.Key}: placeholder '{line.Value}' ignored (the key counts as not set)");
                continue;
            }
            values[line.Key] = line;
        }

        var config = new RustackConfig
        {
            File = file,
            Url = Text(values, ConfigKeys.Url),
            Username = Text(values, ConfigKeys.Username),
            Password = Text(values, ConfigKeys.Password),
            Domain = Text(values, ConfigKeys.Domain),
            ProjectId = Text(values, ConfigKeys.ProjectId),
            TimeoutSeconds = Number(values, file, ConfigKeys.Timeout, 5, 1, 300),
            VolumeCreationTimeoutSeconds = Number(values, file, ConfigKeys.VolumeCreationTimeout, 300, 1, MaxWaitSeconds),
            SnapshotCreationTimeoutSeconds = Number(values, file, ConfigKeys.SnapshotCreationTimeout, 300, 1, MaxWaitSeconds),
            VolumeAttachmentTimeoutSeconds = Number(values, file, ConfigKeys.VolumeAttachmentTimeout, 300, 1, MaxWaitSeconds),
            RubackupVmId = Text(values, ConfigKeys.RubackupVmId),
            AdminName = Text(values, ConfigKeys.AdminName),
            AdminPassword = Text(values, ConfigKeys.AdminPassword),
            Protocol = ProtocolOf(values, file),
            EnableSsl = YesNo(values, file, ConfigKeys.EnableSsl),
            CaInfo = Text(values, ConfigKeys.CaInfo),
            CurlVerbose = values.ContainsKey(ConfigKeys.CurlVerbose),
            ByIdDir = Text(values, ConfigKeys.ByIdDir) ?? RustackConfig.DefaultByIdDir,
            Virsh = Text(values, ConfigKeys.Virsh) ?? "virsh",
            ScriptBeforeSnapshot = Text(values, ConfigKeys.ScriptBeforeSnapshot),
            ScriptAfterSnapshot = Text(values, ConfigKeys.ScriptAfterSnapshot),
            Warnings = warnings,
        };

        if (config.EnableSsl && config.CaInfo is null)
        {
            var line = values[ConfigKeys.EnableSsl];
            throw ConfigException.At(file, line.Number, ConfigKeys.EnableSsl, "'yes' needs ca_info (the path of the CA certificate to verify the API against)");
        }
        CheckPair(values, file, ConfigKeys.AdminName, ConfigKeys.AdminPassword);
        CheckPair(values, file, ConfigKeys.AdminPassword, ConfigKeys.AdminName);

        // Missing keys last: a wrong value on a line is the more precise message.
        foreach (var key in operation.RequiredKeys())
        {
            if (!values.ContainsKey(key))
            {
                throw ConfigException.Missing(file, key, operation.Flag());
            }
        }
        return config;
    }

    /// <summary>Splits the text into lines and checks what can be checked without knowing the operation.</summary>
    public static IReadOnlyList<ConfigLine> Tokenize(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<ConfigLine>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
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
            if (!ConfigKeys.All.Contains(key))
            {
                throw ConfigException.At(file, number, key, "unknown key");
            }
            if (seen.TryGetValue(key, out var first))
            {
                throw ConfigException.At(file, number, key, $"given twice (first at line {first})");
            }
            seen[key] = number;
            if (key == ConfigKeys.CurlVerbose)
            {
                if (value.Length != 0)
                {
                    throw ConfigException.At(file, number, key, "is a bare flag and takes no value");
                }
            }
            else if (value.Length == 0)
            {
                throw ConfigException.At(file, number, key, "has no value");
            }
            result.Add(new ConfigLine(number, key, value));
        }
        return result;
    }

    /// <summary>A value still in angle brackets is the installed template's placeholder.</summary>
    public static bool IsPlaceholder(string value) => value.Length >= 2 && value[0] == '<' && value[^1] == '>';

    private static string? Text(Dictionary<string, ConfigLine> values, string key) =>
        values.TryGetValue(key, out var line) ? line.Value : null;

    private static int Number(Dictionary<string, ConfigLine> values, string file, string key, int fallback, int min, int max)
    {
        if (!values.TryGetValue(key, out var line))
        {
            return fallback;
        }
        if (!int.TryParse(line.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            throw ConfigException.At(file, line.Number, key, $"'{line.Value}' is not a whole number of seconds ({min}-{max})");
        }
        if (number < min || number > max)
        {
            throw ConfigException.At(file, line.Number, key, $"{number} is out of range ({min}-{max} seconds)");
        }
        return number;
    }

    private static bool YesNo(Dictionary<string, ConfigLine> values, string file, string key)
    {
        if (!values.TryGetValue(key, out var line))
        {
            return false;
        }
        return line.Value switch
        {
            "yes" => true,
            "no" => false,
            _ => throw ConfigException.At(file, line.Number, key, $"'{line.Value}' must be yes or no"),
        };
    }

    private static HypervisorProtocol ProtocolOf(Dictionary<string, ConfigLine> values, string file)
    {
        if (!values.TryGetValue(ConfigKeys.Protocol, out var line))
        {
            return HypervisorProtocol.Ssh;
        }
        return line.Value switch
        {
            "ssh" => HypervisorProtocol.Ssh,
            "tcp" => HypervisorProtocol.Tcp,
            _ => throw ConfigException.At(file, line.Number, ConfigKeys.Protocol, $"'{line.Value}' must be tcp or ssh"),
        };
    }

    private static void CheckPair(Dictionary<string, ConfigLine> values, string file, string present, string needed)
    {
        if (values.TryGetValue(present, out var line) && !values.ContainsKey(needed))
        {
            throw ConfigException.At(file, line.Number, present, $"is set but {needed} is not; give both or neither");
        }
    }
}
