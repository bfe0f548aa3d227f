namespace RuBackup.Client.Tools;

/// <summary>A wrong combination of options or a value that does not parse: one line, exit 2.</summary>
public sealed class UsageException : Exception
{
    public UsageException(string message) : base(message) { }

    public UsageException(string message, Exception inner) : base(message, inner) { }

    public UsageException() { }
}
