using System.Buffers.Binary;
using System.Numerics;

namespace RuBackup.Crypto.Ciphers;

/// <summary>
/// MARS (Burwick et al., IBM's AES submission, revised key schedule of the round-2 "tweak"): 128-bit
/// block, keys of 4..14 words (the table asks for 4 and 8). Words are little-endian, as in the
/// submission. Structure: key addition, 8 rounds of unkeyed forward mixing, 16 keyed core rounds
/// (8 forward, 8 backward), 8 rounds of backward mixing, key subtraction.
/// </summary>
public sealed class MarsEngine : SpanBlockCipher
{
    // B[] of the key-fixing step: S[265..268].
    private static readonly uint[] B = [0xa4a8d57b, 0x5b5d193b, 0xc8a8309b, 0x73f9a978];

    private readonly uint[] _k = new uint[40];

    public MarsEngine() : base(16)
    {
    }

    public override string AlgorithmName => "MARS";

    private static uint[] S => MarsSBox.S;

    protected override bool AcceptsKeyLength(int bytes) => bytes is >= 16 and <= 56 && bytes % 4 == 0;

    protected override void SetKey(ReadOnlySpan<byte> key, bool forEncryption)
    {
        var n = key.Length / 4;
        Span<uint> t = stackalloc uint[15];
        t.Clear();
        for (var i = 0; i < n; i++)
        {
            t[i] = BinaryPrimitives.ReadUInt32LittleEndian(key[(4 * i)..]);
        }
        t[n] = (uint)n;
        for (var j = 0; j < 4; j++)
        {
            // Linear transformation, then four stirring passes, then take every fourth word.
            for (var i = 0; i < 15; i++)
            {
                t[i] ^= BitOperations.RotateLeft(t[(i + 8) % 15] ^ t[(i + 13) % 15], 3) ^ (uint)((4 * i) + j);
            }
            for (var pass = 0; pass < 4; pass++)
            {
                for (var i = 0; i < 15; i++)
                {
                    t[i] = BitOperations.RotateLeft(t[i] + S[t[(i + 14) % 15] & 0x1ff], 9);
                }
            }
            for (var i = 0; i < 10; i++)
            {
                _k[(10 * j) + i] = t[(4 * i) % 15];
            }
        }
        // Multiplication keys K[5], K[7], ..., K[35] must end in binary 11 and carry no run of ten or
        // more equal bits: such runs are broken by XOR with a rotated B word (submission §2.3).
        for (var i = 5; i <= 35; i += 2)
        {
            var j = (int)(_k[i] & 3);
            var w = _k[i] | 3;
            var p = BitOperations.RotateLeft(B[j], (int)(_k[i - 1] & 31));
            _k[i] = w ^ (p & RunMask(w));
        }
    }

    /// <summary>
    /// Bit l is set when it lies inside (not at either end of) a run of at least ten equal bits of w,
    /// for 2 &lt;= l &lt;= 30.
    /// </summary>
    private static uint RunMask(uint w)
    {
        uint mask = 0;
        var start = 0;
        while (start < 32)
        {
            var bit = (w >> start) & 1;
            var end = start;
            while (end + 1 < 32 && ((w >> (end + 1)) & 1) == bit)
            {
                end++;
            }
            if (end - start + 1 >= 10)
            {
                for (var l = Math.Max(start + 1, 2); l <= Math.Min(end - 1, 30); l++)
                {
                    mask |= 1u << l;
                }
            }
            start = end + 1;
        }
        return mask;
    }

    protected override void EncryptBlock(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var k = _k;
        var a = BinaryPrimitives.ReadUInt32LittleEndian(input) + k[0];
        var b = BinaryPrimitives.ReadUInt32LittleEndian(input[4..]) + k[1];
        var c = BinaryPrimitives.ReadUInt32LittleEndian(input[8..]) + k[2];
        var d = BinaryPrimitives.ReadUInt32LittleEndian(input[12..]) + k[3];

        for (var i = 0; i < 8; i++)
        {
            b ^= S[a & 0xff];
            b += S[256 + ((a >> 8) & 0xff)];
            c += S[(a >> 16) & 0xff];
            d ^= S[256 + (a >> 24)];
            a = BitOperations.RotateRight(a, 24);
            if (i is 0 or 4)
            {
                a += d;
            }
            else if (i is 1 or 5)
            {
                a += b;
            }
            (a, b, c, d) = (b, c, d, a);
        }

        for (var i = 0; i < 16; i++)
        {
            var (l, m, r) = E(a, k[(2 * i) + 4], k[(2 * i) + 5]);
            a = BitOperations.RotateLeft(a, 13);
            c += m;
            if (i < 8)
            {
                b += l;
                d ^= r;
            }
            else
            {
                d += l;
                b ^= r;
            }
            (a, b, c, d) = (b, c, d, a);
        }

        for (var i = 0; i < 8; i++)
        {
            if (i is 2 or 6)
            {
                a -= d;
            }
            else if (i is 3 or 7)
            {
                a -= b;
            }
            b ^= S[256 + (a & 0xff)];
            c -= S[a >> 24];
            d -= S[256 + ((a >> 16) & 0xff)];
            d ^= S[(a >> 8) & 0xff];
            a = BitOperations.RotateLeft(a, 24);
            (a, b, c, d) = (b, c, d, a);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(output, a - k[36]);
        BinaryPrimitives.WriteUInt32LittleEndian(output[4..], b - k[37]);
        BinaryPrimitives.WriteUInt32LittleEndian(output[8..], c - k[38]);
        BinaryPrimitives.WriteUInt32LittleEndian(output[12..], d - k[39]);
    }

    /// <summary>Each step of <see cref="EncryptBlock"/> undone in reverse order.</summary>
    protected override void DecryptBlock(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var k = _k;
        var a = BinaryPrimitives.ReadUInt32LittleEndian(input) + k[36];
        var b = BinaryPrimitives.ReadUInt32LittleEndian(input[4..]) + k[37];
        var c = BinaryPrimitives.ReadUInt32LittleEndian(input[8..]) + k[38];
        var d = BinaryPrimitives.ReadUInt32LittleEndian(input[12..]) + k[39];

        for (var i = 7; i >= 0; i--)
        {
            (a, b, c, d) = (d, a, b, c);
            a = BitOperations.RotateRight(a, 24);
            d ^= S[(a >> 8) & 0xff];
            d += S[256 + ((a >> 16) & 0xff)];
            c += S[a >> 24];
            b ^= S[256 + (a & 0xff)];
            if (i is 2 or 6)
            {
                a += d;
            }
            else if (i is 3 or 7)
            {
                a += b;
            }
        }

        for (var i = 15; i >= 0; i--)
        {
            (a, b, c, d) = (d, a, b, c);
            a = BitOperations.RotateRight(a, 13);
            var (l, m, r) = E(a, k[(2 * i) + 4], k[(2 * i) + 5]);
            c -= m;
            if (i < 8)
            {
                b -= l;
                d ^= r;
            }
            else
            {
                d -= l;
                b ^= r;
            }
        }

        for (var i = 7; i >= 0; i--)
        {
            (a, b, c, d) = (d, a, b, c);
            if (i is 0 or 4)
            {
                a -= d;
            }
            else if (i is 1 or 5)
            {
                a -= b;
            }
            a = BitOperations.RotateLeft(a, 24);
            d ^= S[256 + (a >> 24)];
            c -= S[(a >> 16) & 0xff];
            b -= S[256 + ((a >> 8) & 0xff)];
            b ^= S[a & 0xff];
        }

        BinaryPrimitives.WriteUInt32LittleEndian(output, a - k[0]);
        BinaryPrimitives.WriteUInt32LittleEndian(output[4..], b - k[1]);
        BinaryPrimitives.WriteUInt32LittleEndian(output[8..], c - k[2]);
        BinaryPrimitives.WriteUInt32LittleEndian(output[12..], d - k[3]);
    }

    /// <summary>The keyed E-function of the core: out (L, M, R) from one input word and two key words.</summary>
    private static (uint L, uint M, uint R) E(uint input, uint k1, uint k2)
    {
        var m = input + k1;
        var r = BitOperations.RotateLeft(input, 13) * k2;
        var l = S[m & 0x1ff];
        r = BitOperations.RotateLeft(r, 5);
        m = BitOperations.RotateLeft(m, (int)(r & 31));
        l ^= r;
        r = BitOperations.RotateLeft(r, 5);
        l ^= r;
        l = BitOperations.RotateLeft(l, (int)(r & 31));
        return (l, m, r);
    }
}
