using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using RuBackup.Rustack.Config;

namespace RuBackup.Rustack.Cloud;

/// <summary>Builds the HTTP stack the configuration asks for: TLS policy and curl_verbose logging.</summary>
public static class HttpTransport
{
    public static HttpMessageHandler Create(RustackConfig config, Action<string>? verboseLog)
    {
        ArgumentNullException.ThrowIfNull(config);
        var sockets = new SocketsHttpHandler
        {
            ConnectTimeout = config.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            SslOptions = new SslClientAuthenticationOptions(),
        };
        if (config.EnableSsl)
        {
            // Verify against the configured CA only: the cloud's certificate is usually issued by
            // a private CA the system trust store does not know.
            var roots = LoadRoots(config.CaInfo!);
            sockets.SslOptions.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            sockets.SslOptions.CertificateChainPolicy.CustomTrustStore.AddRange(roots);
        }
        else
        {
            // enable_ssl no: the guide says requests then go without certificate verification.
            sockets.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        }
        return verboseLog is null || !config.CurlVerbose ? sockets : new VerboseLoggingHandler(verboseLog, sockets);
    }

    /// <summary>Reads ca_info as PEM (one or more certificates) or, failing that, as one DER certificate.</summary>
    public static X509Certificate2Collection LoadRoots(string path)
    {
        try
        {
            X509Certificate2Collection roots = [];
            roots.ImportFromPemFile(path);
            if (roots.Count == 0)
            {
                roots.Add(X509CertificateLoader.LoadCertificateFromFile(path));
            }
            return roots;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw CloudException.For("TLS setup", $"ca_info {path}", $"cannot load the CA certificate: {e.Message}", inner: e);
        }
    }
}
