namespace RuBackup.Repository;

/// <summary>
/// A failure the operator can act on: the message names the file or object and the reason, and is
/// printed as is (one line, no stack trace). Anything else escaping the engine is a bug.
/// </summary>
public class RepositoryException : Exception
{
    public RepositoryException(string message) : base(message) { }

    public RepositoryException(string message, Exception inner) : base(message, inner) { }

    public RepositoryException() { }
}

/// <summary>Stored data failed a checksum, digest or authentication check.</summary>
public class DamagedDataException : RepositoryException
{
    public DamagedDataException(string message) : base(message) { }

    public DamagedDataException(string message, Exception inner) : base(message, inner) { }

    public DamagedDataException() { }
}
