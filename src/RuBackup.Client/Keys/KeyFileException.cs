namespace RuBackup.Client.Keys;

/// <summary>Key material the client refuses to use or could not create; one line naming the file.</summary>
public sealed class KeyFileException : Exception
{
    public KeyFileException(string message) : base(message) { }

    public KeyFileException(string message, Exception inner) : base(message, inner) { }

    public KeyFileException() { }
}
