using System.Buffers.Binary;

namespace RuBackup.Crypto.Ciphers;

/// <summary>
/// Anubis (Barreto and Rijmen, NESSIE submission), the final "tweaked" version: its S-box is the one
/// built from the mini-boxes P and Q (the same as tweaked Khazad), and the round constants are read
/// from that S-box. 128-bit block; keys of 4N bytes, N = 4..10, R = 8 + N rounds; the table asks for
/// N = 4 and 8. The state is four big-endian rows; every layer (gamma, tau, theta) is folded into the
/// four tables T0..T3 as in the designers' description, and decryption is the same function under the
/// inverse schedule (theta of the reversed round keys), because gamma, tau and theta are involutions.
/// </summary>
public sealed class AnubisEngine : SpanBlockCipher
{
    private static readonly byte[] S = Convert.FromHexString(
        "BA542F7453D3D24D50AC8DBF70529A4CEAD597D133515BA6DE48A899DB32B7FC" +
        "E39E919BE2BB416EA5CB6B95A1F3B102CCC41D14C363DA5D5FDC7DCD7F5A6C5C" +
        "F726FFEDE89D6F8E19A0F0890F07AFFB08150D040164DF7679DD3D163F376D38" +
        "B973E93555717B8C7288F62A3E5E27460C65686103C157D6D958D866D73AC83C" +
        "FA96A798ECB8C7AE694BABA9670A47F2B522E5EEBE2B8112831B0E23F54521CE" +
        "492CF9E6B62817821A8BFE8A09C9874EE12EE4E0EB90A41E85600025F4F1940B" +
        "E775EF3431D4D0867EADFD29303B9FF8C6130605C511777C7A78361C39591856" +
        "B3B02420B292A3C0446210B4844393C24ABD8F2DBC9C6A40CFA2804F1FCAAA42");

    // T_k[x] = S[x] times row k of H = had(01, 02, 04, 06), bytes most significant first.
    private static readonly uint[] T0 = Table(0x01, 0x02, 0x04, 0x06);
    private static readonly uint[] T1 = Table(0x02, 0x01, 0x06, 0x04);
    private static readonly uint[] T2 = Table(0x04, 0x06, 0x01, 0x02);
    private static readonly uint[] T3 = Table(0x06, 0x04, 0x02, 0x01);

    private uint[] _roundKeys = [];
    private int _rounds;

    public AnubisEngine() : base(16)
    {
    }

    public override string AlgorithmName => "Anubis";

    protected override bool AcceptsKeyLength(int bytes) => bytes is >= 16 and <= 40 && bytes % 4 == 0;

    protected override void SetKey(ReadOnlySpan<byte> key, bool forEncryption)
    {
        var n = key.Length / 4;
        _rounds = 8 + n;
        var encryption = EncryptionSchedule(key, n, _rounds);
        _roundKeys = forEncryption ? encryption : DecryptionSchedule(encryption, _rounds);
    }

    private static uint[] EncryptionSchedule(ReadOnlySpan<byte> key, int n, int rounds)
    {
        Span<uint> kappa = stackalloc uint[n];
        Span<uint> inter = stackalloc uint[n];
        for (var i = 0; i < n; i++)
        {
            kappa[i] = BinaryPrimitives.ReadUInt32BigEndian(key[(4 * i)..]);
        }
        var keys = new uint[4 * (rounds + 1)];
        for (var r = 0; r <= rounds; r++)
        {
            // K^r = omega(gamma(kappa^r)): column j of the 4 x N matrix V = vdm(01, 02, 06, 08) applied
            // to the substituted key rows, evaluated by Horner's rule from the last row up.
            for (var column = 0; column < 4; column++)
            {
                var shift = 24 - (8 * column);
                uint k = 0;
                for (var i = n - 1; i >= 0; i--)
                {
                    k = MultiplyLanes(k) ^ (0x01010101u * S[(kappa[i] >> shift) & 0xff]);
                }
                keys[(4 * r) + column] = k;
            }
            if (r == rounds)
            {
                break;
            }
            // kappa^{r+1} = sigma[c^r](theta(pi(gamma(kappa^r)))): pi rotates column j down by j rows.
            for (var i = 0; i < n; i++)
            {
                inter[i] = T0[kappa[i] >> 24]
                    ^ T1[(kappa[(i - 1 + n) % n] >> 16) & 0xff]
                    ^ T2[(kappa[(i - 2 + n) % n] >> 8) & 0xff]
                    ^ T3[kappa[(i - 3 + n) % n] & 0xff];
            }
            inter.CopyTo(kappa);
            // c^r: row 0 holds S[4r .. 4r+3], the other rows are zero.
            kappa[0] ^= BinaryPrimitives.ReadUInt32BigEndian(S.AsSpan(4 * r));
        }
        return keys;
    }

    /// <summary>K'^0 = K^R, K'^R = K^0, K'^r = theta(K^{R-r}).</summary>
    private static uint[] DecryptionSchedule(uint[] encryption, int rounds)
    {
        var keys = new uint[encryption.Length];
        for (var r = 0; r <= rounds; r++)
        {
            for (var i = 0; i < 4; i++)
            {
                var v = encryption[(4 * (rounds - r)) + i];
                keys[(4 * r) + i] = r == 0 || r == rounds
                    ? v
                    // T_k[S[b]] is b times row k of H, since S is an involution: theta alone.
                    : T0[S[v >> 24]] ^ T1[S[(v >> 16) & 0xff]] ^ T2[S[(v >> 8) & 0xff]] ^ T3[S[v & 0xff]];
            }
        }
        return keys;
    }

    protected override void EncryptBlock(ReadOnlySpan<byte> input, Span<byte> output) => Crypt(input, output);

    protected override void DecryptBlock(ReadOnlySpan<byte> input, Span<byte> output) => Crypt(input, output);

    private void Crypt(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var k = _roundKeys;
        var s0 = BinaryPrimitives.ReadUInt32BigEndian(input) ^ k[0];
        var s1 = BinaryPrimitives.ReadUInt32BigEndian(input[4..]) ^ k[1];
        var s2 = BinaryPrimitives.ReadUInt32BigEndian(input[8..]) ^ k[2];
        var s3 = BinaryPrimitives.ReadUInt32BigEndian(input[12..]) ^ k[3];
        for (var r = 1; r < _rounds; r++)
        {
            var i0 = T0[s0 >> 24] ^ T1[s1 >> 24] ^ T2[s2 >> 24] ^ T3[s3 >> 24] ^ k[4 * r];
            var i1 = T0[(s0 >> 16) & 0xff] ^ T1[(s1 >> 16) & 0xff] ^ T2[(s2 >> 16) & 0xff] ^ T3[(s3 >> 16) & 0xff] ^ k[(4 * r) + 1];
            var i2 = T0[(s0 >> 8) & 0xff] ^ T1[(s1 >> 8) & 0xff] ^ T2[(s2 >> 8) & 0xff] ^ T3[(s3 >> 8) & 0xff] ^ k[(4 * r) + 2];
            var i3 = T0[s0 & 0xff] ^ T1[s1 & 0xff] ^ T2[s2 & 0xff] ^ T3[s3 & 0xff] ^ k[(4 * r) + 3];
            (s0, s1, s2, s3) = (i0, i1, i2, i3);
        }
        // Last round: gamma and tau only (no theta), then the last key.
        var last = 4 * _rounds;
        BinaryPrimitives.WriteUInt32BigEndian(output, LastRoundWord(s0 >> 24, s1 >> 24, s2 >> 24, s3 >> 24) ^ k[last]);
        BinaryPrimitives.WriteUInt32BigEndian(output[4..], LastRoundWord((s0 >> 16) & 0xff, (s1 >> 16) & 0xff, (s2 >> 16) & 0xff, (s3 >> 16) & 0xff) ^ k[last + 1]);
        BinaryPrimitives.WriteUInt32BigEndian(output[8..], LastRoundWord((s0 >> 8) & 0xff, (s1 >> 8) & 0xff, (s2 >> 8) & 0xff, (s3 >> 8) & 0xff) ^ k[last + 2]);
        BinaryPrimitives.WriteUInt32BigEndian(output[12..], LastRoundWord(s0 & 0xff, s1 & 0xff, s2 & 0xff, s3 & 0xff) ^ k[last + 3]);
    }

    private static uint LastRoundWord(uint a, uint b, uint c, uint d) =>
        ((uint)S[a] << 24) | ((uint)S[b] << 16) | ((uint)S[c] << 8) | S[d];

    /// <summary>Multiplies byte lanes (most significant first) by 01, 02, 06 and 08: one Horner step of omega.</summary>
    private static uint MultiplyLanes(uint k) =>
        ((uint)Multiply((byte)(k >> 24), 0x01) << 24)
        | ((uint)Multiply((byte)(k >> 16), 0x02) << 16)
        | ((uint)Multiply((byte)(k >> 8), 0x06) << 8)
        | Multiply((byte)k, 0x08);

    private static uint[] Table(byte a, byte b, byte c, byte d)
    {
        var table = new uint[256];
        for (var x = 0; x < 256; x++)
        {
            var s = S[x];
            table[x] = ((uint)Multiply(s, a) << 24) | ((uint)Multiply(s, b) << 16) | ((uint)Multiply(s, c) << 8) | Multiply(s, d);
        }
        return table;
    }

    /// <summary>GF(2^8) modulo x^8 + x^4 + x^3 + x^2 + 1 (0x11D), Anubis's field.</summary>
    private static byte Multiply(byte a, byte b) => GaloisField256.Multiply(a, b, 0x11D);
}
