using System.Buffers.Binary;

namespace RuBackup.Crypto.Ciphers;

/// <summary>
/// Kuznyechik, GOST R 34.12-2015 (also RFC 7801): 128-bit block, 256-bit key, ten round keys.
/// Bytes are in the standard's written order: block byte 0 is a15, the most significant.
/// Encryption runs the S and L layers as sixteen 256-entry tables (LS(x) = XOR of L(pi(x_i) at i)),
/// which is what counter mode uses; decryption, needed only for vectors and completeness, applies
/// L^-1 the same way and then pi^-1.
/// </summary>
public sealed class KuznyechikEngine : SpanBlockCipher
{
    private const int Rounds = 10;

    // The (lo, hi) halves of each round key: bytes 0..7 and 8..15 read little-endian, the same
    // mapping the tables use, so XOR lines up byte for byte.
    private readonly ulong[] _keys = new ulong[2 * Rounds];

    public KuznyechikEngine() : base(16)
    {
    }

    public override string AlgorithmName => "Kuznyechik";

    protected override bool AcceptsKeyLength(int bytes) => bytes == 32;

    protected override void SetKey(ReadOnlySpan<byte> key, bool forEncryption)
    {
        // RFC 7801 §4.3: K1 || K2 is the key; each Feistel step F[C](a1, a0) = (LSX[C](a1) ^ a0, a1),
        // eight steps per pair of round keys, C_i = L(Vec128(i)).
        var a1 = Read(key[..16]);
        var a0 = Read(key[16..32]);
        Store(0, a1);
        Store(1, a0);
        for (var pair = 1; pair < Rounds / 2; pair++)
        {
            for (var step = 1; step <= 8; step++)
            {
                var c = KuznyechikTables.RoundConstant[(8 * (pair - 1)) + step - 1];
                var t = KuznyechikTables.LinearSubstitute((a1.Lo ^ c.Lo, a1.Hi ^ c.Hi));
                (a1, a0) = ((t.Lo ^ a0.Lo, t.Hi ^ a0.Hi), a1);
            }
            Store(2 * pair, a1);
            Store((2 * pair) + 1, a0);
        }
    }

    protected override void EncryptBlock(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var lo = BinaryPrimitives.ReadUInt64LittleEndian(input);
        var hi = BinaryPrimitives.ReadUInt64LittleEndian(input[8..]);
        for (var r = 0; r < Rounds - 1; r++)
        {
            (lo, hi) = KuznyechikTables.LinearSubstitute((lo ^ _keys[2 * r], hi ^ _keys[(2 * r) + 1]));
        }
        BinaryPrimitives.WriteUInt64LittleEndian(output, lo ^ _keys[2 * (Rounds - 1)]);
        BinaryPrimitives.WriteUInt64LittleEndian(output[8..], hi ^ _keys[(2 * Rounds) - 1]);
    }

    protected override void DecryptBlock(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var lo = BinaryPrimitives.ReadUInt64LittleEndian(input);
        var hi = BinaryPrimitives.ReadUInt64LittleEndian(input[8..]);
        for (var r = Rounds - 1; r > 0; r--)
        {
            (lo, hi) = KuznyechikTables.InverseLinearSubstitute((lo ^ _keys[2 * r], hi ^ _keys[(2 * r) + 1]));
        }
        BinaryPrimitives.WriteUInt64LittleEndian(output, lo ^ _keys[0]);
        BinaryPrimitives.WriteUInt64LittleEndian(output[8..], hi ^ _keys[1]);
    }

    private static (ulong Lo, ulong Hi) Read(ReadOnlySpan<byte> block) =>
        (BinaryPrimitives.ReadUInt64LittleEndian(block), BinaryPrimitives.ReadUInt64LittleEndian(block[8..]));

    private void Store(int index, (ulong Lo, ulong Hi) key)
    {
        _keys[2 * index] = key.Lo;
        _keys[(2 * index) + 1] = key.Hi;
    }
}
