using System.Security.Cryptography;

namespace RuBackup.Repository.Crypto;

/// <summary>Codes of the chunk header's encryption field. Later issues add the document's other algorithms.</summary>
public enum ChunkEncryption : byte
{
    None = 0,
    Aes256Gcm = 1,
}

/// <summary>
/// Seals one compressed chunk payload. The associated data binds the ciphertext to its header and to
/// the chunk's name, so a blob renamed or moved to another digest fails authentication.
/// </summary>
public interface IChunkCipher
{
    ChunkEncryption Algorithm { get; }

    /// <summary>Bytes added to the payload: nonce and tag.</summary>
    int Overhead { get; }

    void Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> output);

    /// <summary>Returns false when authentication fails (wrong key or changed bytes).</summary>
    bool TryOpen(ReadOnlySpan<byte> sealedPayload, ReadOnlySpan<byte> associatedData, Span<byte> plaintext);
}

/// <summary>AES-256-GCM with a random 96-bit nonce per chunk: output is nonce || ciphertext || tag.</summary>
public sealed class AesGcmChunkCipher : IChunkCipher, IDisposable
{
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

    public int Overhead => NonceSize + TagSize;

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
