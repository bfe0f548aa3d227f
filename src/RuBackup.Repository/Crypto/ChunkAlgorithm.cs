using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using RuBackup.Crypto;
using RuBackup.Repository.Format;

namespace RuBackup.Repository.Crypto;

/// <summary>
/// How an encrypted archive's chunks (and manifest metadata) are sealed: AES-256-GCM, the repository's
/// algorithm from the start (code 1), or one suite of the document's Table 1 (its
/// <see cref="CipherSuite.Code"/>). <see cref="Name"/> is what the manifest's <c>encryption</c> field
/// holds and <see cref="Code"/> what a chunk header's encryption byte holds; restore and verify take
/// the algorithm from there, never from a command line.
/// </summary>
public sealed class ChunkAlgorithm
{
    public const string Aes256GcmName = "aes-256-gcm";

    private static readonly ChunkAlgorithm[] AllAlgorithms =
    [
        new(Aes256GcmName, ChunkEncryption.Aes256Gcm, null),
        .. CipherCatalog.Suites.Select(s => new ChunkAlgorithm(s.Label, (ChunkEncryption)s.Code, s)),
    ];

    private ChunkAlgorithm(string name, ChunkEncryption code, CipherSuite? suite)
    {
        Name = name;
        Code = code;
        Suite = suite;
    }

    /// <summary>The default whenever a key is given without an algorithm, as before the other algorithms came.</summary>
    public static ChunkAlgorithm Aes256Gcm => AllAlgorithms[0];

    /// <summary>AES-256-GCM first, then the Table 1 suites in the table's order.</summary>
    public static IReadOnlyList<ChunkAlgorithm> All => AllAlgorithms;

    /// <summary>The largest <see cref="IChunkCipher.Overhead"/> of any algorithm (Threefish-1024: 128-byte IV and 32-byte tag).</summary>
    public static int MaxOverhead { get; } = Math.Max(AesGcmChunkCipher.SealOverhead, CipherCatalog.Suites.Max(s => s.BlockBytes) + AuthenticatedCipher.TagBytes);

    /// <summary>What an error about a bad name lists: every accepted spelling, on one line.</summary>
    public static string ValidNames { get; } =
        $"{string.Join(", ", AllAlgorithms.Select(a => a.Name))}; or an algorithm alone ({string.Join(", ", CipherCatalog.Algorithms)}) for its 256-bit key, or its only length";

    /// <summary>"aes-256-gcm" or the suite's label ("kuznyechik-256").</summary>
    public string Name { get; }

    public ChunkEncryption Code { get; }

    /// <summary>The Table 1 suite; null for AES-256-GCM.</summary>
    public CipherSuite? Suite { get; }

    /// <summary>
    /// Accepts "aes-256-gcm", a suite label ("kuznyechik-256", "twofish-128") or an algorithm name alone
    /// ("Kuznyechik"), any case. An algorithm alone takes a 256-bit key, the document's default length,
    /// where the table allows it, else its only (first) length: Simon and SM4 are 128-bit only.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ChunkAlgorithm? algorithm)
    {
        algorithm = null;
        var name = text?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }
        algorithm = AllAlgorithms.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));
        if (algorithm is not null)
        {
            return true;
        }
        var suites = CipherCatalog.Suites.Where(s => string.Equals(s.Algorithm, name, StringComparison.OrdinalIgnoreCase)).ToArray();
        if (suites.Length == 0)
        {
            return false;
        }
        var suite = suites.FirstOrDefault(s => s.KeyBits == CipherCatalog.DefaultKeyBits) ?? suites[0];
        algorithm = AllAlgorithms.First(a => a.Suite == suite);
        return true;
    }

    /// <param name="what">The option or field the name came from, for the error.</param>
    public static ChunkAlgorithm Parse(string? text, string what) =>
        TryParse(text, out var algorithm)
            ? algorithm
            : throw new RepositoryException($"{what}: '{text}' is not a known encryption algorithm; valid: {ValidNames}");

    /// <summary>The algorithm a chunk header's encryption byte names; false for 0 (none) and unknown codes.</summary>
    public static bool TryFromCode(ChunkEncryption code, [NotNullWhen(true)] out ChunkAlgorithm? algorithm)
    {
        algorithm = AllAlgorithms.FirstOrDefault(a => a.Code == code);
        return algorithm is not null;
    }

    /// <summary>A chunk header's encryption byte for messages: "0x60 (kuznyechik-256)".</summary>
    public static string Describe(ChunkEncryption code)
    {
        var hex = "0x" + ((byte)code).ToString("x2", CultureInfo.InvariantCulture);
        return code == ChunkEncryption.None ? $"{hex} (none)"
            : TryFromCode(code, out var algorithm) ? $"{hex} ({algorithm.Name})"
            : $"{hex} (unknown to this program)";
    }

    /// <summary>The algorithm of an encrypted archive, from its manifest's <c>encryption</c> field.</summary>
    public static ChunkAlgorithm Of(ArchiveManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (!manifest.Encrypted)
        {
            throw new InvalidOperationException($"archive {manifest.Id} is not encrypted");
        }
        var algorithm = AllAlgorithms.FirstOrDefault(a => a.Name == manifest.Encryption);
        return algorithm ?? throw new RepositoryException(
            $"archive {manifest.Id} is encrypted with '{manifest.Encryption}', which this program does not know (it knows {string.Join(", ", AllAlgorithms.Select(a => a.Name))})");
    }

    /// <summary>A cipher usable from the engine's parallel workers at once.</summary>
    public IChunkCipher CreateCipher(MasterKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Suite is null ? new AesGcmChunkCipher(key) : new SuiteChunkCipher(Suite, key.SuiteMaterial);
    }

    /// <summary>Names the chunks of this algorithm: BLAKE3 keyed per algorithm (see <see cref="MasterKey.IdentityKeyFor"/>).</summary>
    public ChunkHasher CreateHasher(MasterKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return ChunkHasher.WithKey(key.IdentityKeyFor(this));
    }

    public override string ToString() => Name;
}
