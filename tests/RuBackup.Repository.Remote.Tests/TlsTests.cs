using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RuBackup.Repository.Engine;
using RuBackup.Repository.Format;

namespace RuBackup.Repository.Remote.Tests;

/// <summary>With a CA file the client trusts that CA and nothing else.</summary>
public sealed class TlsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Connect_ServerCertificateFromTheGivenCa_BacksUpAndRestores()
    {
        var (ca, serverCert) = IssueChain("RuBackup test CA");
        await using var server = await PoolServer.StartAsync(_folder.Sub("pool"), tls: serverCert);
        using var device = HttpPoolDevice.Connect(server.PoolUrl(), PoolServer.Token, WritePem(ca, "ca.pem"));
        var repository = await BackupRepository.OpenAsync(device);
        var image = Images.Random(8 * Images.ChunkSize, 1);

        var archive = (await Images.BackupAsync(repository, "vm", ArchiveType.Full, image)).Manifest;

        Assert.StartsWith("https://", device.Description, StringComparison.Ordinal);
        Assert.Equal(image, await Images.RestoreAsync(repository, archive.Id, null, _folder.Path));
    }

    [Fact]
    public async Task Connect_ServerCertificateFromAnotherCa_RefusedWithOneLine()
    {
        var (_, serverCert) = IssueChain("RuBackup test CA");
        var (otherCa, _) = IssueChain("Some other CA");
        await using var server = await PoolServer.StartAsync(_folder.Sub("pool"), tls: serverCert);
        using var device = HttpPoolDevice.Connect(server.PoolUrl(), PoolServer.Token, WritePem(otherCa, "other.pem"));

        var error = await Assert.ThrowsAsync<RepositoryException>(() => device.ReadConfigAsync(default));

        Assert.StartsWith($"pool {server.PoolUrl()}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("SSL", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Connect_UnreadableCaFile_OneLineNamingTheFile()
    {
        var path = _folder.Sub("missing.pem");

        var error = Assert.Throws<RepositoryException>(() => HttpPoolDevice.Connect(new Uri("https://127.0.0.1:1/pool"), "t", path));

        Assert.StartsWith($"{path}: cannot load the server's CA certificate", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private string WritePem(X509Certificate2 certificate, string name)
    {
        var path = _folder.Sub(name);
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }

    private static (X509Certificate2 Ca, X509Certificate2 Server) IssueChain(string caName)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={caName}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var issued = request.Create(ca, now.AddDays(-1), now.AddDays(10), [1, 2, 3, 4]);
        using var withKey = issued.CopyWithPrivateKey(serverKey);
        // Through PKCS#12 so the key is usable by the TLS stack on every platform.
        var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return (X509CertificateLoader.LoadCertificate(ca.RawData), server);
    }
}
