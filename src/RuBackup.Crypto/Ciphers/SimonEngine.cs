using System.Buffers.Binary;
using System.Numerics;

namespace RuBackup.Crypto.Ciphers;

/// <summary>
/// Simon128/128 (eprint 2013/404): the table's 128-bit key with the 128-bit block, 68 rounds, constant
/// sequence z2. Smaller Simon blocks are not offered, for the birthday-bound reason given on
/// <see cref="SpeckEngine"/>. Byte order as in the designers' implementation guide: little-endian
/// words, block (y, x), key (k0, k1).
/// </summary>
public sealed class SimonEngine : SpanBlockCipher
{
    private const int Rounds = 68;

    // z2 of the paper, bit i = the i-th symbol of its 62-symbol string (read left to right).
    private const ulong Z2 = 0x3369f885192c0ef5;

    // c = 2^64 - 4: the paper's "~k ^ 3" written as one constant.
    private const ulong C = 0xfffffffffffffffc;

    private readonly ulong[] _roundKeys = new ulong[Rounds];

    public SimonEngine() : base(16)
    {
    }

    public override string AlgorithmName => "Simon128";

    protected override bool AcceptsKeyLength(int bytes) => bytes == 16;

    protected override void SetKey(ReadOnlySpan<byte> key, bool forEncryption)
    {
        var k = _roundKeys;
        k[0] = BinaryPrimitives.ReadUInt64LittleEndian(key);
        k[1] = BinaryPrimitives.ReadUInt64LittleEndian(key[8..]);
        for (var i = 2; i < Rounds; i++)
        {
            var tmp = BitOperations.RotateRight(k[i - 1], 3);
            tmp ^= BitOperations.RotateRight(tmp, 1);
            k[i] = C ^ ((Z2 >> ((i - 2) % 62)) & 1) ^ k[i - 2] ^ tmp;
        }
    }

    private static ulong F(ulong x) =>
        (BitOperations.RotateLeft(x, 1) & BitOperations.RotateLeft(x, 8)) ^ BitOperations.RotateLeft(x, 2);

    protected override void EncryptBlock(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var y = BinaryPrimitives.ReadUInt64LittleEndian(input);
        var x = BinaryPrimitives.ReadUInt64LittleEndian(input[8..]);
        // Two rounds per step so the (x, y) swap costs nothing.
        for (var i = 0; i < Rounds; i += 2)
        {
            y ^= F(x) ^ _roundKeys[i];
            x ^= F(y) ^ _roundKeys[i + 1];
        }
        BinaryPrimitives.WriteUInt64LittleEndian(output, y);
        BinaryPrimitives.WriteUInt64LittleEndian(output[8..], x);
    }

    protected override void DecryptBlock(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var y = BinaryPrimitives.ReadUInt64LittleEndian(input);
        var x = BinaryPrimitives.ReadUInt64LittleEndian(input[8..]);
        for (var i = Rounds - 1; i > 0; i -= 2)
        {
            x ^= F(y) ^ _roundKeys[i];
            y ^= F(x) ^ _roundKeys[i - 1];
        }
        BinaryPrimitives.WriteUInt64LittleEndian(output, y);
        BinaryPrimitives.WriteUInt64LittleEndian(output[8..], x);
    }
}
