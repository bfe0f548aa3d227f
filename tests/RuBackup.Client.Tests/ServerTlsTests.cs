using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RuBackup.Api;
using RuBackup.Client.Api;

namespace RuBackup.Client.Tests;

/// <summary>server_ca: the server's certificate must chain to that CA and no other.</summary>
public sealed class ServerTlsTests : IDisposable
{
    private readonly TestRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Call_CertificateFromTheGivenCa_Trusted()
    {
        using var ca = Authority("RuBackup test CA");
        using var leaf = Leaf(ca);
        await using var server = await FakeServer.StartAsync(leaf);
        server.On("GET", ApiRoutes.Pools, Array.Empty<PoolInfo>());
        using var api = new RuBackupApiClient(server.Url, WritePem("ca.pem", ca), new StaticToken(FakeServer.UserToken));

        var pools = await api.ListPoolsAsync();

        Assert.Equal("https", server.Url.Scheme);
        Assert.Empty(pools);
    }

    [Fact]
    public async Task Call_CertificateFromAnotherCa_RefusedAsNoAnswer()
    {
        using var ca = Authority("RuBackup test CA");
        using var other = Authority("Some other CA");
        using var leaf = Leaf(ca);
        await using var server = await FakeServer.StartAsync(leaf);
        using var api = new RuBackupApiClient(server.Url, WritePem("other.pem", other));

        var error = await Assert.ThrowsAsync<ApiException>(() => api.ListPoolsAsync());

        Assert.True(error.NoAnswer);
        Assert.Equal($"cannot reach the server {server.Url}: TLS: its certificate is not trusted (it must chain to the CA in {Path.Combine(_root.Folder, "other.pem")} and name the server's host)", error.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void Create_CaFileMissing_OneLine()
    {
        var error = Assert.Throws<ApiException>(() => new RuBackupApiClient(new Uri("https://127.0.0.1:1"), "/nonexistent/ca.pem"));

        Assert.StartsWith("/nonexistent/ca.pem: cannot read the server's CA certificate", error.Message, StringComparison.Ordinal);
    }

    private string WritePem(string name, X509Certificate2 certificate)
    {
        var path = Path.Combine(_root.Folder, name);
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }

    private static X509Certificate2 Authority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static X509Certificate2 Leaf(X509Certificate2 authority)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var signed = request.Create(authority, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), RandomNumberGenerator.GetBytes(8));
        using var withKey = signed.CopyWithPrivateKey(key);
        // Kestrel on Linux wants a key it can hand to OpenSSL: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
