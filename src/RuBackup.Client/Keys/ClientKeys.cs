using System.Security.Cryptography;
using System.Text;
using RuBackup.Client.Config;

namespace RuBackup.Client.Keys;

/// <summary>
/// The client's key material under $ROOT/keys (folder 0700): the master key (32 random bytes, 0600,
/// encrypts archives, never sent anywhere) and the ECDSA P-256 signing pair that identifies the client
/// to the server (client.key PKCS#8 PEM 0600, client.pub SubjectPublicKeyInfo PEM). Existing key
/// files are never overwritten; a master key of the wrong size or readable by others stops the client.
/// </summary>
public sealed class ClientKeys : IDisposable
{
    public const int MasterKeySize = 32;

    private readonly ECDsa _signing;

    private ClientKeys(string masterKeyFile, ECDsa signing)
    {
        MasterKeyFile = masterKeyFile;
        _signing = signing;
        PublicKey = Convert.ToBase64String(signing.ExportSubjectPublicKeyInfo());
        Fingerprint = Convert.ToHexStringLower(SHA256.HashData(signing.ExportSubjectPublicKeyInfo()));
    }

    public string MasterKeyFile { get; }

    /// <summary>SubjectPublicKeyInfo (DER), base64: what the client registers with.</summary>
    public string PublicKey { get; }

    /// <summary>SHA-256 of the SubjectPublicKeyInfo, lower-case hex.</summary>
    public string Fingerprint { get; }

    /// <summary>Opens the keys, creating whichever is missing; <paramref name="report"/> hears what was created or fixed.</summary>
    public static ClientKeys LoadOrCreate(ClientPaths paths, Action<string>? report = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        report ??= _ => { };
        try
        {
            if (SecretFile.EnsureFolder(paths.KeysFolder))
            {
                report($"{paths.KeysFolder}: others could enter the keys folder; its mode is now 0700");
            }
            if (!File.Exists(paths.MasterKey))
            {
                var key = RandomNumberGenerator.GetBytes(MasterKeySize);
                if (SecretFile.TryCreate(paths.MasterKey, key))
                {
                    report($"created the master key {paths.MasterKey} (back it up: archives encrypted with it cannot be read without it)");
                }
                CryptographicOperations.ZeroMemory(key);
            }
            CheckMasterKey(paths.MasterKey);
            var signing = LoadOrCreateSigningKey(paths, report);
            return new ClientKeys(paths.MasterKey, signing);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KeyFileException($"{paths.KeysFolder}: {e.Message}", e);
        }
    }

    /// <summary>Opens existing keys only (the tools): a missing key means the daemon never started here.</summary>
    public static ClientKeys Load(ClientPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        foreach (var file in new[] { paths.MasterKey, paths.SigningKey })
        {
            if (!File.Exists(file))
            {
                throw new KeyFileException($"{file}: missing; start rubackup-client once on this machine to create the client's keys");
            }
        }
        try
        {
            CheckMasterKey(paths.MasterKey);
            return new ClientKeys(paths.MasterKey, ReadSigningKey(paths.SigningKey));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KeyFileException($"{paths.KeysFolder}: {e.Message}", e);
        }
    }

    /// <summary>Signs the challenge: ECDSA P-256 over SHA-256 of the nonce's UTF-8 bytes, IEEE P1363 (r||s), base64.</summary>
    public string Sign(string nonce)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        return Convert.ToBase64String(_signing.SignData(Encoding.UTF8.GetBytes(nonce), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    /// <summary>The server's side of <see cref="Sign"/>: true when <paramref name="signature"/> is the key's signature of the nonce.</summary>
    public static bool Verify(string publicKey, string nonce, string signature)
    {
        ArgumentNullException.ThrowIfNull(nonce);
        try
        {
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(publicKey), out _);
            return key.VerifyData(Encoding.UTF8.GetBytes(nonce), Convert.FromBase64String(signature), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return false;
        }
    }

    public void Dispose() => _signing.Dispose();

    private static void CheckMasterKey(string path)
    {
        if (SecretFile.ExposureProblem(path) is { } problem)
        {
            throw new KeyFileException($"refusing to start: master key {problem}");
        }
        var length = new FileInfo(path).Length;
        if (length != MasterKeySize)
        {
            throw new KeyFileException($"refusing to start: master key {path}: {length} bytes, a master key is exactly {MasterKeySize}; put back the original file (archives encrypted with it cannot be read without it)");
        }
    }

    private static ECDsa LoadOrCreateSigningKey(ClientPaths paths, Action<string> report)
    {
        if (!File.Exists(paths.SigningKey))
        {
            using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            if (SecretFile.TryCreate(paths.SigningKey, Encoding.ASCII.GetBytes(fresh.ExportPkcs8PrivateKeyPem())))
            {
                // A new identity: a client.pub left from an older key would be a lie.
                File.WriteAllText(paths.PublicKey, fresh.ExportSubjectPublicKeyInfoPem());
                report($"created the signing key pair {paths.SigningKey} and {paths.PublicKey}");
            }
        }
        var key = ReadSigningKey(paths.SigningKey);
        var pem = key.ExportSubjectPublicKeyInfoPem();
        if (!File.Exists(paths.PublicKey) || File.ReadAllText(paths.PublicKey).Trim() != pem.Trim())
        {
            File.WriteAllText(paths.PublicKey, pem);
            report($"wrote {paths.PublicKey} from {paths.SigningKey}");
        }
        return key;
    }

    private static bool IsP256(ECDsa key)
    {
        var oid = key.ExportParameters(false).Curve.Oid;
        return key.KeySize == 256 && (oid.Value == "1.2.840.10045.3.1.7" || oid.FriendlyName is "nistP256" or "ECDSA_P256" or "prime256v1");
    }

    private static ECDsa ReadSigningKey(string path)
    {
        if (SecretFile.ExposureProblem(path) is { } problem)
        {
            throw new KeyFileException($"refusing to start: signing key {problem}");
        }
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
            if (!IsP256(key))
            {
                throw new KeyFileException($"{path}: not an ECDSA P-256 key");
            }
            return key;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new KeyFileException($"{path}: not a PKCS#8 PEM ECDSA P-256 private key: {e.Message}", e);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
