using System.Buffers.Binary;
using System.Security.Cryptography;

namespace RuBackup.Crypto;

/// <summary>
/// Encrypt-then-MAC, the same for every block size of Table 1: the suite's cipher in counter mode
/// under a random block-sized IV, then HMAC-SHA-256 over
/// code || uint64-LE(length of AD) || AD || IV || ciphertext. Byte layout: docs/format.md.
/// </summary>
public sealed class AuthenticatedCipher : IAuthenticatedCipher
{
    public const int TagBytes = 32;

    private readonly CounterMode _counter;
    private readonly IncrementalHash _mac;

    private AuthenticatedCipher(CipherSuite suite, CipherKeys keys)
    {
        Suite = suite;
        // Counter mode only ever encrypts counter blocks, in both directions.
        _counter = new CounterMode(suite.CreateEngine(keys.CipherKey, forEncryption: true));
        _mac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, keys.MacKey);
    }

    public CipherSuite Suite { get; }

    public byte Code => Suite.Code;

    public int Overhead => Suite.BlockBytes + TagBytes;

    /// <summary>A cipher for an algorithm named as in the document (any case) and one of its key lengths.</summary>
    public static IAuthenticatedCipher Create(string algorithm, int keyBits, ReadOnlySpan<byte> masterKey) =>
        Create(CipherCatalog.Get(algorithm, keyBits), masterKey);

    public static IAuthenticatedCipher Create(CipherSuite suite, ReadOnlySpan<byte> masterKey) =>
        new AuthenticatedCipher(suite, CipherKeys.Derive(suite, masterKey));

    public int Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> output)
    {
        var total = plaintext.Length + Overhead;
        if (output.Length < total)
        {
            throw new ArgumentException($"output needs {total} bytes, has {output.Length}", nameof(output));
        }
        var ivLength = Suite.BlockBytes;
        var iv = output[..ivLength];
        RandomNumberGenerator.Fill(iv);
        var ciphertext = output.Slice(ivLength, plaintext.Length);
        _counter.Transform(iv, plaintext, ciphertext);
        ComputeTag(associatedData, output[..(ivLength + plaintext.Length)], output.Slice(ivLength + plaintext.Length, TagBytes));
        return total;
    }

    public bool TryOpen(ReadOnlySpan<byte> sealedData, ReadOnlySpan<byte> associatedData, Span<byte> plaintext)
    {
        if (sealedData.Length < Overhead)
        {
            return false;
        }
        var bodyLength = sealedData.Length - TagBytes;
        var length = sealedData.Length - Overhead;
        if (plaintext.Length < length)
        {
            throw new ArgumentException($"plaintext needs {length} bytes, has {plaintext.Length}", nameof(plaintext));
        }
        Span<byte> expected = stackalloc byte[TagBytes];
        ComputeTag(associatedData, sealedData[..bodyLength], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, sealedData[bodyLength..]))
        {
            return false;
        }
        var ivLength = Suite.BlockBytes;
        _counter.Transform(sealedData[..ivLength], sealedData[ivLength..bodyLength], plaintext[..length]);
        return true;
    }

    public void Dispose() => _mac.Dispose();

    /// <param name="body">IV || ciphertext.</param>
    private void ComputeTag(ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> body, Span<byte> tag)
    {
        Span<byte> prefix = stackalloc byte[9];
        prefix[0] = Suite.Code;
        BinaryPrimitives.WriteUInt64LittleEndian(prefix[1..], (ulong)associatedData.Length);
        _mac.AppendData(prefix);
        _mac.AppendData(associatedData);
        _mac.AppendData(body);
        _mac.GetHashAndReset(tag);
    }
}
