using RuBackup.Crypto;

namespace RuBackup.Repository.Crypto;

/// <summary>
/// A Table 1 suite sealing chunk payloads through RuBackup.Crypto's one construction (IV || ciphertext
/// || HMAC tag, docs/format.md). That construction holds cipher state, so each worker thread gets its
/// own instance.
/// </summary>
internal sealed class SuiteChunkCipher : IChunkCipher
{
    private readonly ThreadLocal<IAuthenticatedCipher> _ciphers;

    /// <param name="material">The master key's <see cref="MasterKey.SuiteMaterial"/>; the suite's keys are derived from it.</param>
    public SuiteChunkCipher(CipherSuite suite, byte[] material)
    {
        Algorithm = (ChunkEncryption)suite.Code;
        Overhead = suite.BlockBytes + AuthenticatedCipher.TagBytes;
        _ciphers = new ThreadLocal<IAuthenticatedCipher>(() => AuthenticatedCipher.Create(suite, material), trackAllValues: true);
    }

    public ChunkEncryption Algorithm { get; }

    public int Overhead { get; }

    public void Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> output) =>
        _ciphers.Value!.Seal(plaintext, associatedData, output);

    public bool TryOpen(ReadOnlySpan<byte> sealedPayload, ReadOnlySpan<byte> associatedData, Span<byte> plaintext) =>
        _ciphers.Value!.TryOpen(sealedPayload, associatedData, plaintext);

    public void Dispose()
    {
        foreach (var cipher in _ciphers.Values)
        {
            cipher.Dispose();
        }
        _ciphers.Dispose();
    }
}
