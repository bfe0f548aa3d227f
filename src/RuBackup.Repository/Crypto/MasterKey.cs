using System.Security.Cryptography;
using System.Text;

namespace RuBackup.Repository.Crypto;

/// <summary>
/// The client's master key (32 random bytes, the document's /opt/rubackup/keys/master-key) and the
/// purpose keys derived from it. The master key itself never touches data: every use goes through
/// HKDF-SHA256 with a purpose label, so a key for chunk names can never decrypt and vice versa.
/// Derivation is not salted with the pool, so an archive stays readable after a move to another pool.
/// </summary>
public sealed class MasterKey
{
    public const int Length = 32;
    private static readonly byte[] Salt = Encoding.ASCII.GetBytes("RuBackup master key v1");

    private readonly byte[] _material;

    private MasterKey(byte[] material, string source)
    {
        _material = material;
        IdentityKey = Derive(material, "chunk-identity/blake3-keyed");
        EncryptionKey = Derive(material, "chunk-encryption/aes-256-gcm");
        SuiteMaterial = Derive(material, "chunk-encryption/protective-transformation");
        ManifestKey = Derive(material, "manifest-authentication/hmac-sha256");
        KeyId = Convert.ToHexStringLower(Derive(material, "key-id")[..8]);
        Source = source;
    }

    /// <summary>Keys BLAKE3 so chunk names reveal nothing about plaintext.</summary>
    internal byte[] IdentityKey { get; }

    internal byte[] EncryptionKey { get; }

    /// <summary>
    /// What the Table 1 suites derive their chunk keys from (RuBackup.Crypto's HKDF, per suite): a
    /// sub-key rather than the master key itself, so a chunk and a file `rbcrypt` seals with the
    /// same master key and suite never share a key.
    /// </summary>
    internal byte[] SuiteMaterial { get; }

    internal byte[] ManifestKey { get; }

    /// <summary>A public fingerprint recorded in manifests, so a wrong key is named before any decryption.</summary>
    public string KeyId { get; }

    /// <summary>Where the key came from, for error messages (never the key itself).</summary>
    public string Source { get; }

    /// <summary>
    /// The BLAKE3 key naming chunks encrypted with <paramref name="algorithm"/>. One per algorithm, so the
    /// same content under two algorithms gets two names (two blobs); AES-256-GCM keeps the label it
    /// had before the other algorithms came, so its archives keep deduplicating against old ones.
    /// </summary>
    internal byte[] IdentityKeyFor(ChunkAlgorithm algorithm) =>
        algorithm.Suite is null ? IdentityKey : Derive(_material, $"chunk-identity/blake3-keyed/{algorithm.Name}");

    public static MasterKey FromBytes(ReadOnlySpan<byte> material, string source = "key")
    {
        if (material.Length != Length)
        {
            throw new RepositoryException($"{source}: a master key is {Length} bytes, this one has {material.Length}");
        }
        return new MasterKey(material.ToArray(), source);
    }

    public static MasterKey Load(string path)
    {
        byte[] material;
        try
        {
            material = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RepositoryException($"{path}: cannot read the master key: {e.Message}", e);
        }
        return FromBytes(material, path);
    }

    /// <summary>Writes 32 fresh random bytes with mode 0600; refuses to overwrite an existing key.</summary>
    public static void Generate(string path)
    {
        if (File.Exists(path))
        {
            throw new RepositoryException($"{path}: a key already exists there; refusing to overwrite it");
        }
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var stream = new FileStream(path, options);
        stream.Write(RandomNumberGenerator.GetBytes(Length));
        stream.Flush(flushToDisk: true);
    }

    private static byte[] Derive(byte[] material, string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, material, 32, Salt, Encoding.ASCII.GetBytes(purpose));
}
