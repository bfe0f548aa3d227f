namespace RuBackup.Server;

/// <summary>The server cannot start; the message is the one line printed before exiting.</summary>
public sealed class StartupException : Exception
{
    public StartupException(string message) : base(message) { }

    public StartupException() { }

    public StartupException(string message, Exception inner) : base(message, inner) { }
}
