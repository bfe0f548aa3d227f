using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;

namespace RuBackup.Crypto.Ciphers;

/// <summary>
/// The BouncyCastle <see cref="IBlockCipher"/> shape for the ciphers written here (BouncyCastle has no
/// Anubis, MARS, Simon, Speck or Kuznyechik), so the catalog and the counter mode treat every algorithm
/// alike. Subclasses see only whole blocks and keys of a length they accept.
/// </summary>
public abstract class SpanBlockCipher : IBlockCipher
{
    private bool _initialised;
    private bool _forEncryption;

    protected SpanBlockCipher(int blockSize) => BlockSize = blockSize;

    public abstract string AlgorithmName { get; }

    protected int BlockSize { get; }

    public int GetBlockSize() => BlockSize;

    public void Init(bool forEncryption, ICipherParameters parameters)
    {
        if (parameters is not KeyParameter key)
        {
            throw new ArgumentException($"{AlgorithmName} takes a KeyParameter", nameof(parameters));
        }
        var bytes = key.GetKey();
        if (!AcceptsKeyLength(bytes.Length))
        {
            throw new ArgumentException($"{AlgorithmName} does not take a {bytes.Length * 8}-bit key", nameof(parameters));
        }
        SetKey(bytes, forEncryption);
        _forEncryption = forEncryption;
        _initialised = true;
    }

    public int ProcessBlock(byte[] inBuf, int inOff, byte[] outBuf, int outOff) =>
        ProcessBlock(inBuf.AsSpan(inOff), outBuf.AsSpan(outOff));

    public int ProcessBlock(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (!_initialised)
        {
            throw new InvalidOperationException($"{AlgorithmName} is not initialised");
        }
        if (input.Length < BlockSize || output.Length < BlockSize)
        {
            throw new DataLengthException($"{AlgorithmName} needs {BlockSize}-byte blocks");
        }
        if (_forEncryption)
        {
            EncryptBlock(input[..BlockSize], output[..BlockSize]);
        }
        else
        {
            DecryptBlock(input[..BlockSize], output[..BlockSize]);
        }
        return BlockSize;
    }

    protected abstract bool AcceptsKeyLength(int bytes);

    /// <summary>Both directions' schedules may be built here; <paramref name="forEncryption"/> says which is used.</summary>
    protected abstract void SetKey(ReadOnlySpan<byte> key, bool forEncryption);

    /// <summary>Input and output are exactly one block and may be the same memory.</summary>
    protected abstract void EncryptBlock(ReadOnlySpan<byte> input, Span<byte> output);

    /// <inheritdoc cref="EncryptBlock"/>
    protected abstract void DecryptBlock(ReadOnlySpan<byte> input, Span<byte> output);
}
