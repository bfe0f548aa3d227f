using System.Buffers.Binary;

namespace RuBackup.Crypto.Ciphers;

/// <summary>
/// The constants of GOST R 34.12-2015 and the tables built from them once per process: pi and its
/// inverse, LS and S^-1 L^-1 as byte-position tables, and the 32 key-schedule constants.
/// </summary>
internal static class KuznyechikTables
{
    // pi, GOST R 34.12-2015 §4.1.1 (RFC 7801 §2).
    private static readonly byte[] Pi = Convert.FromHexString(
        "FCEEDD11CF6E3116FBC4FADA23C5044DE977F0DB932E99BA1736F1BB14CD5FC1" +
        "F918655AE25CEF21811C3C428B018E4F058402AEE36A8FA0060BED987FD4D31F" +
        "EB342C51EAC848ABF22A68A2FD3ACECCB5700E56080C7612BF7213479CB75D87" +
        "15A19629107B9AC7F391786F9D9EB2B13275193DFF358A7E6D54C680C3BD0D57" +
        "DFF524A93EA843C9D779D6F67C22B903E00FECDE7A94B0BCDCE828504E330A4A" +
        "A79760731E0062441AB83882649F2641AD454692275E552F8CA3A57D69D5953B" +
        "0758B34086AC1DF730376BE488D9E789E11B83494C3FF8FE8D53AA90CAD88561" +
        "207167A42D2B095BCB9B25D0BEE56C5259A674D2E6F4B4C0D166AFC2394B63B6");

    private static readonly byte[] InversePi = Invert(Pi);

    // l's coefficients for bytes 0..15 (a15..a0), GOST R 34.12-2015 §4.1.2.
    private static readonly byte[] LCoefficients = [148, 32, 133, 16, 194, 192, 1, 251, 1, 192, 194, 16, 133, 32, 148, 1];

    private static readonly (ulong Lo, ulong Hi)[,] Forward = BuildTables(inverse: false);
    private static readonly (ulong Lo, ulong Hi)[,] Backward = BuildTables(inverse: true);

    public static readonly (ulong Lo, ulong Hi)[] RoundConstant = BuildConstants();

    /// <summary>L(S(x)), one lookup per byte.</summary>
    public static (ulong Lo, ulong Hi) LinearSubstitute((ulong Lo, ulong Hi) x) => Apply(Forward, x);

    /// <summary>S^-1(L^-1(x)).</summary>
    public static (ulong Lo, ulong Hi) InverseLinearSubstitute((ulong Lo, ulong Hi) x)
    {
        var (lo, hi) = Apply(Backward, x);
        Span<byte> b = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(b, lo);
        BinaryPrimitives.WriteUInt64LittleEndian(b[8..], hi);
        for (var i = 0; i < 16; i++)
        {
            b[i] = InversePi[b[i]];
        }
        return (BinaryPrimitives.ReadUInt64LittleEndian(b), BinaryPrimitives.ReadUInt64LittleEndian(b[8..]));
    }

    private static (ulong Lo, ulong Hi) Apply((ulong Lo, ulong Hi)[,] table, (ulong Lo, ulong Hi) x)
    {
        ulong lo = 0, hi = 0;
        for (var i = 0; i < 8; i++)
        {
            var a = table[i, (int)((x.Lo >> (8 * i)) & 0xff)];
            var b = table[i + 8, (int)((x.Hi >> (8 * i)) & 0xff)];
            lo ^= a.Lo ^ b.Lo;
            hi ^= a.Hi ^ b.Hi;
        }
        return (lo, hi);
    }

    private static (ulong Lo, ulong Hi)[,] BuildTables(bool inverse)
    {
        var table = new (ulong, ulong)[16, 256];
        Span<byte> block = stackalloc byte[16];
        for (var position = 0; position < 16; position++)
        {
            for (var value = 0; value < 256; value++)
            {
                block.Clear();
                // Forward tables hold L(pi(v) at position); inverse ones L^-1(v at position), pi^-1 comes after.
                block[position] = inverse ? (byte)value : Pi[value];
                if (inverse)
                {
                    InverseLinear(block);
                }
                else
                {
                    Linear(block);
                }
                table[position, value] = (BinaryPrimitives.ReadUInt64LittleEndian(block),
                    BinaryPrimitives.ReadUInt64LittleEndian(block[8..]));
            }
        }
        return table;
    }

    private static (ulong Lo, ulong Hi)[] BuildConstants()
    {
        var constants = new (ulong, ulong)[32];
        Span<byte> block = stackalloc byte[16];
        for (var i = 1; i <= 32; i++)
        {
            block.Clear();
            block[15] = (byte)i; // Vec128(i): the number i, most significant byte first
            Linear(block);
            constants[i - 1] = (BinaryPrimitives.ReadUInt64LittleEndian(block), BinaryPrimitives.ReadUInt64LittleEndian(block[8..]));
        }
        return constants;
    }

    /// <summary>L = R^16; R(a15..a0) = l(a15..a0) || a15..a1, i.e. shift towards byte 15 and put l in byte 0.</summary>
    private static void Linear(Span<byte> block)
    {
        for (var round = 0; round < 16; round++)
        {
            var l = LinearCombination(block);
            for (var i = 15; i > 0; i--)
            {
                block[i] = block[i - 1];
            }
            block[0] = l;
        }
    }

    /// <summary>R^-1(a15..a0) = a14..a0 || l(a14..a0, a15).</summary>
    private static void InverseLinear(Span<byte> block)
    {
        for (var round = 0; round < 16; round++)
        {
            var first = block[0];
            for (var i = 0; i < 15; i++)
            {
                block[i] = block[i + 1];
            }
            block[15] = first;
            block[15] = LinearCombination(block);
        }
    }

    private static byte LinearCombination(ReadOnlySpan<byte> block)
    {
        byte sum = 0;
        for (var i = 0; i < 16; i++)
        {
            sum ^= Multiply(block[i], LCoefficients[i]);
        }
        return sum;
    }

    /// <summary>Multiplication in GF(2^8) modulo p(x) = x^8 + x^7 + x^6 + x + 1 (0x1C3).</summary>
    private static byte Multiply(byte a, byte b) => GaloisField256.Multiply(a, b, 0x1C3);

    private static byte[] Invert(byte[] permutation)
    {
        var inverse = new byte[256];
        for (var i = 0; i < 256; i++)
        {
            inverse[permutation[i]] = (byte)i;
        }
        return inverse;
    }
}
