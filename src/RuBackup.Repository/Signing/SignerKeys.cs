using System.Security.Cryptography;

namespace RuBackup.Repository.Signing;

/// <summary>Public-key side of manifest signatures: fingerprints and checks, no private key needed.</summary>
public static class SignerKeys
{
    private const string P256Oid = "1.2.840.10045.3.1.7";

    /// <summary>SHA-256 of the SubjectPublicKeyInfo DER, lower-case hex (the catalog's clients.key_fingerprint).</summary>
    public static string Fingerprint(ReadOnlySpan<byte> subjectPublicKeyInfo) => Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo));

    /// <summary>The fingerprint of a base64 SubjectPublicKeyInfo; null when it is not base64.</summary>
    public static string? FingerprintOf(string publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        var spki = new byte[publicKey.Length];
        return Convert.TryFromBase64String(publicKey, spki, out var written) ? Fingerprint(spki.AsSpan(0, written)) : null;
    }

    /// <summary>Short form for messages: the first 16 hex digits, enough to tell keys apart by eye.</summary>
    public static string Short(string fingerprint) => fingerprint.Length > 16 ? fingerprint[..16] : fingerprint;

    internal static bool IsP256(ECDsa key) =>
        key.KeySize == 256 && key.ExportParameters(false).Curve.Oid.Value is P256Oid;

    /// <summary>True when <paramref name="signature"/> (P1363, 64 bytes) is the P-256 key's signature of <paramref name="data"/>.</summary>
    public static bool Verifies(string publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        try
        {
            using var key = ECDsa.Create();
            var spki = Convert.FromBase64String(publicKey);
            key.ImportSubjectPublicKeyInfo(spki, out var read);
            return read == spki.Length && IsP256(key)
                && key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return false;
        }
    }
}
