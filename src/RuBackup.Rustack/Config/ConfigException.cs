namespace RuBackup.Rustack.Config;

/// <summary>
/// A configuration file the module cannot use. The message is one line naming the file, the line
/// (when there is one) and the key, so the CLI prints it as is instead of a stack trace.
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string message) : base(message) { }

    public ConfigException(string message, Exception inner) : base(message, inner) { }

    public ConfigException() { }

    public static ConfigException At(string file, int line, string key, string reason) =>
        new($"{file}:{line}: {key}: {reason}");

    public static ConfigException Missing(string file, string key, string operation) =>
        new($"{file}: {key}: missing; {operation} needs it");
}
