using System.Security.Cryptography.X509Certificates;

namespace RuBackup.Rbm.Session;

/// <summary>How the console reaches the REST API of the server that hosts it.</summary>
public sealed class RbmOptions
{
    /// <summary>
    /// The server's own certificate when it listens with TLS: the console's loopback calls trust exactly
    /// this certificate (its name need not be 127.0.0.1). Null: plain http.
    /// </summary>
    public X509Certificate2? ServerCertificate { get; init; }
}
