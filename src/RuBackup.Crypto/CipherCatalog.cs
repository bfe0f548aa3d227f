using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using RuBackup.Crypto.Ciphers;

namespace RuBackup.Crypto;

/// <summary>
/// Table 1 of the document ("Алгоритмы защитного преобразования"): fourteen algorithms, each with
/// exactly the key lengths the table gives. Block sizes where the algorithm has a choice:
/// <list type="bullet">
/// <item>Simon and Speck: 128-bit blocks only (Simon128/128, Speck128/128, Speck128/256); 32- and
/// 64-bit blocks hit birthday collisions in counter mode long before a terabyte under one key.</item>
/// <item>Kalyna: block = key (128/128, 256/256, 512/512). DSTU 7624:2014 defines 128/128, 128/256,
/// 256/256, 256/512 and 512/512; block = key is the widest block each key length allows, so the
/// random IV and the counter are as wide as possible, and it is one rule for all three lengths.</item>
/// <item>Threefish: the block is the key size by definition; the 128-bit tweak is fixed at zero,
/// since counter mode already makes every block input unique and keys are per algorithm.</item>
/// </list>
/// Codes: high nibble = algorithm (1..14, table order), low nibble = key length index. Values below
/// 0x10 are left alone because the chunk blob's encryption byte already uses 0 (none) and 1 (AES-GCM).
/// </summary>
public static class CipherCatalog
{
    /// <summary>
    /// The document fixes 256-bit keys as the default but names no default algorithm; Rijndael
    /// (AES) at 256 bits is the one every deployment can verify elsewhere.
    /// </summary>
    public const string DefaultAlgorithm = "Rijndael";

    public const int DefaultKeyBits = 256;

    private static readonly byte[] NoTweak = new byte[16];

    private static readonly CipherSuite[] AllSuites =
    [
        Plain("Anubis", 128, 128, 0x10, () => new AnubisEngine()),
        Plain("Anubis", 256, 128, 0x11, () => new AnubisEngine()),
        Plain("Aria", 128, 128, 0x20, () => new AriaEngine()),
        Plain("Aria", 256, 128, 0x21, () => new AriaEngine()),
        Plain("CAST6", 128, 128, 0x30, () => new Cast6Engine()),
        Plain("CAST6", 256, 128, 0x31, () => new Cast6Engine()),
        Plain("Camellia", 128, 128, 0x40, () => new CamelliaEngine()),
        Plain("Camellia", 256, 128, 0x41, () => new CamelliaEngine()),
        Plain("Kalyna", 128, 128, 0x50, () => new Dstu7624Engine(128)),
        Plain("Kalyna", 256, 256, 0x51, () => new Dstu7624Engine(256)),
        Plain("Kalyna", 512, 512, 0x52, () => new Dstu7624Engine(512)),
        Plain("Kuznyechik", 256, 128, 0x60, () => new KuznyechikEngine()),
        Plain("MARS", 128, 128, 0x70, () => new MarsEngine()),
        Plain("MARS", 256, 128, 0x71, () => new MarsEngine()),
        // AesUtilities picks the AES-NI engine where the CPU has it.
        Plain("Rijndael", 128, 128, 0x80, AesUtilities.CreateEngine),
        Plain("Rijndael", 256, 128, 0x81, AesUtilities.CreateEngine),
        // BouncyCastle's SerpentEngine uses the NESSIE byte order (TnepresEngine is the old reversed one).
        Plain("Serpent", 128, 128, 0x90, () => new SerpentEngine()),
        Plain("Serpent", 256, 128, 0x91, () => new SerpentEngine()),
        Plain("Simon", 128, 128, 0xA0, () => new SimonEngine()),
        Plain("SM4", 128, 128, 0xB0, () => new SM4Engine()),
        Plain("Speck", 128, 128, 0xC0, () => new SpeckEngine()),
        Plain("Speck", 256, 128, 0xC1, () => new SpeckEngine()),
        Threefish(256, 0xD0),
        Threefish(512, 0xD1),
        Threefish(1024, 0xD2),
        Plain("Twofish", 128, 128, 0xE0, () => new TwofishEngine()),
        Plain("Twofish", 256, 128, 0xE1, () => new TwofishEngine()),
    ];

    private static readonly Dictionary<byte, CipherSuite> ByCode = AllSuites.ToDictionary(s => s.Code);

    /// <summary>Every (algorithm, key length), in the table's order.</summary>
    public static IReadOnlyList<CipherSuite> Suites => AllSuites;

    /// <summary>The algorithm names in the table's order and spelling.</summary>
    public static IReadOnlyList<string> Algorithms { get; } = AllSuites.Select(s => s.Algorithm).Distinct().ToArray();

    public static CipherSuite Default => Get(DefaultAlgorithm, DefaultKeyBits);

    /// <summary>The key lengths Table 1 allows for <paramref name="algorithm"/> (case-insensitive).</summary>
    public static IReadOnlyList<int> KeyBitsOf(string algorithm)
    {
        var bits = AllSuites.Where(s => Matches(s, algorithm)).Select(s => s.KeyBits).ToArray();
        return bits.Length > 0
            ? bits
            : throw new ArgumentException($"unknown algorithm '{algorithm}'; known: {string.Join(", ", Algorithms)}", nameof(algorithm));
    }

    /// <summary>The suite for a name (case-insensitive) and key length; the error lists what is allowed.</summary>
    public static CipherSuite Get(string algorithm, int keyBits) =>
        TryGet(algorithm, keyBits, out var suite)
            ? suite
            : throw new ArgumentException(
                $"{algorithm} does not take {keyBits}-bit keys; allowed: {string.Join(", ", KeyBitsOf(algorithm))}",
                nameof(keyBits));

    public static bool TryGet(string algorithm, int keyBits, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CipherSuite? suite)
    {
        suite = AllSuites.FirstOrDefault(s => s.KeyBits == keyBits && Matches(s, algorithm));
        return suite is not null;
    }

    public static bool TryGet(byte code, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CipherSuite? suite) =>
        ByCode.TryGetValue(code, out suite);

    private static bool Matches(CipherSuite suite, string algorithm) =>
        string.Equals(suite.Algorithm, algorithm?.Trim(), StringComparison.OrdinalIgnoreCase);

    private static CipherSuite Plain(string name, int keyBits, int blockBits, byte code, Func<IBlockCipher> engine) =>
        new(name, keyBits, blockBits, code, engine, key => new KeyParameter(key));

    private static CipherSuite Threefish(int bits, byte code) =>
        new("Threefish", bits, bits, code, () => new ThreefishEngine(bits),
            key => new TweakableBlockCipherParameters(new KeyParameter(key), NoTweak));
}
