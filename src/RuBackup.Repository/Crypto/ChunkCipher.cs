using System.Security.Cryptography;

namespace RuBackup.Repository.Crypto;

/// <summary>
/// Codes of the chunk header's encryption field. Besides these two, the field holds the code of a
/// Table 1 suite (<c>CipherSuite.Code</c>, 0x10 to 0xE2), named by <see cref="ChunkAlgorithm"/>.
/// </summary>
public enum ChunkEncryption : byte
{
    None = 0,
    Aes256Gcm = 1,
}

/// <summary>
/// Seals one compressed chunk payload. The associated data binds the ciphertext to its header and to
/// the chunk's name, so a blob renamed or moved to another digest fails authentication.
/// </summary>
public interface IChunkCipher : IDisposable
{
    ChunkEncryption Algorithm { get; }

    /// <summary>Bytes added to the payload: nonce or IV, and tag.</summary>
    int Overhead { get; }

    void Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> output);

    /// <summary>Returns false when authentication fails (wrong key or changed bytes).</summary>
    bool TryOpen(ReadOnlySpan<byte> sealedPayload, ReadOnlySpan<byte> associatedData, Span<byte> plaintext);
}

/// <summary>AES-256-GCM with a random 96-bit nonce per chunk: output is nonce || ciphertext || tag.</summary>
public sealed class AesGcmChunkCipher : IChunkCipher
{
    public const int SealOverhead = NonceSize + TagSize;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly ThreadLocal<AesGcm> _aes;

    public AesGcmChunkCipher(MasterKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var material = key.EncryptionKey;
        _aes = new ThreadLocal<AesGcm>(() => new AesGcm(material, TagSize), trackAllValues: true);
    }

    public ChunkEncryption Algorithm => ChunkEncryption.Aes256Gcm;

    public int Overhead => SealOverhead;

    public void Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> output)
    {
        var nonce = output[..NonceSize];
        RandomNumberGenerator.Fill(nonce);
        var ciphertext = output.Slice(NonceSize, plaintext.Length);
        var tag = output.Slice(NonceSize + plaintext.Length, TagSize);
        _aes.Value!.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
    }

    public bool TryOpen(ReadOnlySpan<byte> sealedPayload, ReadOnlySpan<byte> associatedData, Span<byte> plaintext)
    {
        if (sealedPayload.Length < Overhead)
        {
            return false;
        }
        var length = sealedPayload.Length - Overhead;
        try
        {
            _aes.Value!.Decrypt(
                sealedPayload[..NonceSize],
                sealedPayload.Slice(NonceSize, length),
                sealedPayload.Slice(NonceSize + length, TagSize),
                plaintext[..length],
                associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        foreach (var aes in _aes.Values)
        {
            aes.Dispose();
        }
        _aes.Dispose();
    }
}
