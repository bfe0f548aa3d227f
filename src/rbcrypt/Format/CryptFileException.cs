namespace RuBackup.Tools.Crypt.Format;

/// <summary>
/// The encrypted file cannot be opened: not an rbcrypt file, a wrong key, or damage. One line naming
/// the file and, where known, the place; never any key material.
/// </summary>
public sealed class CryptFileException : Exception
{
    public CryptFileException(string message) : base(message) { }

    public CryptFileException(string message, Exception inner) : base(message, inner) { }

    public CryptFileException() { }
}
