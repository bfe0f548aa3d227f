using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using RuBackup.Client.Api;

namespace RuBackup.Rbm.Session;

/// <summary>
/// The console is one more client of the REST API, over loopback, with the signed-in user's token: a
/// role may do in the browser exactly what the server lets it do, and every change lands in the audit
/// log like one made by rb_admin. One HTTP handler is shared by all sessions.
/// </summary>
public sealed class LoopbackApi : IDisposable
{
    private readonly IServer _server;
    private readonly SocketsHttpHandler _handler;
    private Uri? _address;

    public LoopbackApi(IServer server, RbmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _server = server;
        _handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(10) };
        if (options.ServerCertificate is { } own)
        {
            var thumbprint = own.GetCertHashString();
            _handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && string.Equals(certificate.GetCertHashString(), thumbprint, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>The address the server listens on, with a wildcard host replaced by loopback.</summary>
    public Uri Address => _address ??= Resolve();

    /// <summary>An API client for one token; dispose it (the shared handler stays).</summary>
    public RuBackupApiClient For(string? token) =>
        new(new HttpClient(_handler, disposeHandler: false), Address, token is null ? null : new StaticToken(token))
        {
            RequestTimeout = TimeSpan.FromSeconds(30),
        };

    public void Dispose() => _handler.Dispose();

    private Uri Resolve()
    {
        var address = _server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("the server has no listening address yet");
        var uri = new UriBuilder(address.Replace("//[::]", "//127.0.0.1", StringComparison.Ordinal).Replace("//0.0.0.0", "//127.0.0.1", StringComparison.Ordinal)
            .Replace("//+", "//127.0.0.1", StringComparison.Ordinal).Replace("//*", "//127.0.0.1", StringComparison.Ordinal));
        return uri.Uri;
    }
}
