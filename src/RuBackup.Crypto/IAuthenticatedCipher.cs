namespace RuBackup.Crypto;

/// <summary>
/// One algorithm at one key length, keyed and ready: sealed = IV || ciphertext || tag (docs/format.md,
/// "Protective transformation"). An instance holds cipher state and buffers: use it from one thread
/// at a time.
/// </summary>
public interface IAuthenticatedCipher : IDisposable
{
    CipherSuite Suite { get; }

    /// <summary>The suite's one-byte code, for the caller's header.</summary>
    byte Code { get; }

    /// <summary>Bytes a sealed message has beyond its plaintext: the block-sized IV and the 32-byte tag.</summary>
    int Overhead { get; }

    /// <summary>
    /// Encrypts <paramref name="plaintext"/> under a fresh random IV and authenticates it together with
    /// <paramref name="associatedData"/>; writes plaintext.Length + <see cref="Overhead"/> bytes and returns
    /// that count. Output must not overlap the plaintext.
    /// </summary>
    int Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> output);

    /// <summary>
    /// Checks the tag (constant time) before decrypting anything; false for a wrong key, wrong
    /// algorithm, other associated data or any changed byte, and then <paramref name="plaintext"/> is
    /// left untouched. On success writes sealedData.Length - <see cref="Overhead"/> bytes.
    /// </summary>
    bool TryOpen(ReadOnlySpan<byte> sealedData, ReadOnlySpan<byte> associatedData, Span<byte> plaintext);
}
