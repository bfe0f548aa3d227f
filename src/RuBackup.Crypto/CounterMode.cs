using System.Numerics;
using Org.BouncyCastle.Crypto;

namespace RuBackup.Crypto;

/// <summary>
/// Counter mode over any block size: block i of the keystream is E(IV + i), the IV read as one
/// big-endian integer of the block's width and the sum taken modulo 2^width (BouncyCastle's
/// SicBlockCipher counts the same way). Keystream is produced a batch of blocks at a time into a
/// reusable buffer, so nothing is allocated per block or per call.
/// </summary>
internal sealed class CounterMode
{
    private const int BatchBytes = 4096;

    private readonly IBlockCipher _engine;
    private readonly int _blockSize;
    private readonly byte[] _counters;
    private readonly byte[] _keystream;
    private readonly byte[] _counter;

    public CounterMode(IBlockCipher engine)
    {
        _engine = engine;
        _blockSize = engine.GetBlockSize();
        var batch = Math.Max(1, BatchBytes / _blockSize) * _blockSize;
        _counters = new byte[batch];
        _keystream = new byte[batch];
        _counter = new byte[_blockSize];
    }

    /// <summary>output = input XOR keystream(iv); input and output may be the same memory.</summary>
    public void Transform(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input, Span<byte> output)
    {
        iv.CopyTo(_counter);
        var done = 0;
        while (done < input.Length)
        {
            var length = Math.Min(_keystream.Length, input.Length - done);
            var blocks = (length + _blockSize - 1) / _blockSize;
            for (var b = 0; b < blocks; b++)
            {
                var slot = _counters.AsSpan(b * _blockSize, _blockSize);
                _counter.CopyTo(slot);
                Increment(_counter);
                _engine.ProcessBlock(slot, _keystream.AsSpan(b * _blockSize, _blockSize));
            }
            Xor(input.Slice(done, length), _keystream.AsSpan(0, length), output.Slice(done, length));
            done += length;
        }
    }

    private static void Increment(Span<byte> counter)
    {
        for (var i = counter.Length - 1; i >= 0; i--)
        {
            if (++counter[i] != 0)
            {
                return;
            }
        }
    }

    private static void Xor(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> destination)
    {
        var i = 0;
        var width = Vector<byte>.Count;
        for (; i + width <= a.Length; i += width)
        {
            (new Vector<byte>(a[i..]) ^ new Vector<byte>(b[i..])).CopyTo(destination[i..]);
        }
        for (; i < a.Length; i++)
        {
            destination[i] = (byte)(a[i] ^ b[i]);
        }
    }
}
