namespace RuBackup.Server.Options;

/// <summary>A bad option or configuration value; the message is the one line the user sees.</summary>
public sealed class OptionsException : Exception
{
    public OptionsException(string message) : base(message) { }

    public OptionsException() { }

    public OptionsException(string message, Exception inner) : base(message, inner) { }
}
