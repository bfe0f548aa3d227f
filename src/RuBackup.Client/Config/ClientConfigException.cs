namespace RuBackup.Client.Config;

/// <summary>A client configuration the client cannot use: one line naming the file, the line and the key.</summary>
public sealed class ClientConfigException : Exception
{
    public ClientConfigException(string message) : base(message) { }

    public ClientConfigException(string message, Exception inner) : base(message, inner) { }

    public ClientConfigException() { }

    public static ClientConfigException At(string file, int line, string key, string reason) => new($"{file}:{line}: {key}: {reason}");
}
