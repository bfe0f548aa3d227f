using System.Security.Cryptography;

namespace RuBackup.Repository.Signing;

/// <summary>
/// The client's signing key as the repository uses it: ECDSA P-256 over SHA-256, signatures in IEEE
/// P1363 form (r‖s, 64 bytes) — the same key and encoding the client proves itself to the server with,
/// so the server can tie a signed manifest to the client that committed it.
/// </summary>
public sealed class ManifestSigner : IDisposable
{
    public const int SignatureSize = 64;

    private readonly ECDsa _key;

    private ManifestSigner(ECDsa key, string name)
    {
        _key = key;
        Name = name;
        var spki = key.ExportSubjectPublicKeyInfo();
        PublicKey = Convert.ToBase64String(spki);
        Fingerprint = SignerKeys.Fingerprint(spki);
    }

    /// <summary>Recorded in the manifest next to the key: informational, the key is what is checked.</summary>
    public string Name { get; }

    /// <summary>SubjectPublicKeyInfo (DER), base64.</summary>
    public string PublicKey { get; }

    /// <summary>SHA-256 of the SubjectPublicKeyInfo, lower-case hex: how the catalog knows the client.</summary>
    public string Fingerprint { get; }

    /// <summary>Reads a PKCS#8 PEM P-256 private key (the client's keys/client.key).</summary>
    public static ManifestSigner FromPemFile(string path, string name)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(name);
        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RepositoryException($"signing key {path}: {e.Message}", e);
        }
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            if (!SignerKeys.IsP256(key))
            {
                throw new RepositoryException($"signing key {path}: not an ECDSA P-256 key");
            }
            return new ManifestSigner(key, name);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new RepositoryException($"signing key {path}: not a PEM ECDSA P-256 private key ({e.Message})", e);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>A fresh key in memory (tests, tools that sign with a throwaway identity).</summary>
    public static ManifestSigner Generate(string name) => new(ECDsa.Create(ECCurve.NamedCurves.nistP256), name);

    public byte[] Sign(ReadOnlySpan<byte> data) =>
        _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>The private key as PKCS#8 PEM (tests write it where a client would keep it).</summary>
    public string ExportPem() => _key.ExportPkcs8PrivateKeyPem();

    public void Dispose() => _key.Dispose();
}
