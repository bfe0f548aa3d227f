using System.Security.Cryptography;
using System.Text;

namespace RuBackup.Crypto;

/// <summary>
/// The two keys of one (algorithm, key length), derived from the master key or a key file with
/// HKDF-SHA256: salt "RuBackup master key v1" (the repository's, so one master key serves both), info
/// "protective-transformation/LABEL/cipher" and ".../hmac-sha256", LABEL as in
/// <see cref="CipherSuite.Label"/>. Naming algorithm and length in the info makes the keys of two
/// suites independent: no key is used raw, or by two algorithms, or for both encryption and MAC.
/// </summary>
public sealed class CipherKeys
{
    /// <summary>Shorter key material cannot give even the smallest suite its strength.</summary>
    public const int MinimumMaterialBytes = 16;

    public const int MacKeyBytes = 32;

    private static readonly byte[] Salt = Encoding.ASCII.GetBytes("RuBackup master key v1");

    private CipherKeys(byte[] cipherKey, byte[] macKey)
    {
        CipherKey = cipherKey;
        MacKey = macKey;
    }

    /// <summary>The block cipher's key, <see cref="CipherSuite.KeyBytes"/> long.</summary>
    public byte[] CipherKey { get; }

    public byte[] MacKey { get; }

    public static CipherKeys Derive(CipherSuite suite, ReadOnlySpan<byte> material)
    {
        ArgumentNullException.ThrowIfNull(suite);
        if (material.Length < MinimumMaterialBytes)
        {
            throw new ArgumentException(
                $"key material has {material.Length} bytes; at least {MinimumMaterialBytes} are needed", nameof(material));
        }
        return new CipherKeys(
            Expand(material, suite.KeyBytes, $"protective-transformation/{suite.Label}/cipher"),
            Expand(material, MacKeyBytes, $"protective-transformation/{suite.Label}/hmac-sha256"));
    }

    private static byte[] Expand(ReadOnlySpan<byte> material, int length, string info)
    {
        var key = new byte[length];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, material, key, Salt, Encoding.ASCII.GetBytes(info));
        return key;
    }
}
