using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RuBackup.Api;
using RuBackup.Server.Tests.Support;

namespace RuBackup.Server.Tests;

public sealed class TlsTests
{
    [Fact]
    public async Task Start_WithCertificateAndKey_ServesHttpsOnly()
    {
        var folder = Directory.CreateTempSubdirectory("rubackup-tls-").FullName;
        try
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            var certFile = Path.Combine(folder, "server.crt");
            var keyFile = Path.Combine(folder, "server.key");
            await File.WriteAllTextAsync(certFile, certificate.ExportCertificatePem());
            await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());

            await using var backend = await CatalogBackend.CreateAsync(CatalogBackend.Sqlite);
            await using var server = await TestServer.StartAsync(backend, configure: o =>
            {
                o.Listen = "https://127.0.0.1:0";
                o.TlsCertificate = certFile;
                o.TlsKey = keyFile;
            });
            Assert.Equal("https", server.BaseAddress.Scheme);
            using var handler = new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint,
            };
            using var https = new HttpClient(handler) { BaseAddress = server.BaseAddress };
            var login = await https.PostAsJsonAsync(ApiRoutes.Login, new LoginRequest("rubackup", TestServer.SuperuserPassword));
            Assert.True(login.IsSuccessStatusCode);
            using var plain = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.BaseAddress.Port}") };
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => plain.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
