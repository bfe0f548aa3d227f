using System.Buffers.Binary;
using System.Numerics;

namespace RuBackup.Crypto.Ciphers;

/// <summary>
/// Speck128/128 and Speck128/256 (Beaulieu et al., "The Simon and Speck Families of Lightweight Block
/// Ciphers", eprint 2013/404). Only the 128-bit block is offered: with 64-bit blocks a counter mode
/// meets birthday collisions after ~2^32 blocks (32 GiB), far below one terabyte archive under one key.
/// Byte order follows the designers' implementation guide: words are little-endian, the block is
/// (y, x) and the key is (k0, l0, l1, ...), so the paper's vectors read right to left.
/// </summary>
public sealed class SpeckEngine : SpanBlockCipher
{
    private ulong[] _roundKeys = [];

    public SpeckEngine() : base(16)
    {
    }

    public override string AlgorithmName => "Speck128";

    protected override bool AcceptsKeyLength(int bytes) => bytes is 16 or 32;

    protected override void SetKey(ReadOnlySpan<byte> key, bool forEncryption)
    {
        // m key words; T = 32 rounds for m = 2, 34 for m = 4 (paper, Table 4.1).
        var m = key.Length / 8;
        var rounds = m == 2 ? 32 : 34;
        Span<ulong> l = stackalloc ulong[m - 1 + rounds];
        var k = new ulong[rounds];
        k[0] = BinaryPrimitives.ReadUInt64LittleEndian(key);
        for (var i = 0; i < m - 1; i++)
        {
            l[i] = BinaryPrimitives.ReadUInt64LittleEndian(key[(8 * (i + 1))..]);
        }
        for (var i = 0; i < rounds - 1; i++)
        {
            l[i + m - 1] = (k[i] + BitOperations.RotateRight(l[i], 8)) ^ (ulong)i;
            k[i + 1] = BitOperations.RotateLeft(k[i], 3) ^ l[i + m - 1];
        }
        _roundKeys = k;
    }

    protected override void EncryptBlock(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var y = BinaryPrimitives.ReadUInt64LittleEndian(input);
        var x = BinaryPrimitives.ReadUInt64LittleEndian(input[8..]);
        foreach (var k in _roundKeys)
        {
            x = (BitOperations.RotateRight(x, 8) + y) ^ k;
            y = BitOperations.RotateLeft(y, 3) ^ x;
        }
        BinaryPrimitives.WriteUInt64LittleEndian(output, y);
        BinaryPrimitives.WriteUInt64LittleEndian(output[8..], x);
    }

    protected override void DecryptBlock(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var y = BinaryPrimitives.ReadUInt64LittleEndian(input);
        var x = BinaryPrimitives.ReadUInt64LittleEndian(input[8..]);
        for (var i = _roundKeys.Length - 1; i >= 0; i--)
        {
            y = BitOperations.RotateRight(x ^ y, 3);
            x = BitOperations.RotateLeft((x ^ _roundKeys[i]) - y, 8);
        }
        BinaryPrimitives.WriteUInt64LittleEndian(output, y);
        BinaryPrimitives.WriteUInt64LittleEndian(output[8..], x);
    }
}
