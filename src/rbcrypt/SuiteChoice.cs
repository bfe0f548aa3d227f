using System.Globalization;
using RuBackup.Client.Tools;
using RuBackup.Crypto;

namespace RuBackup.Tools.Crypt;

/// <summary>--alg and --bits against Table 1 (<see cref="CipherCatalog"/>), with messages that list what is allowed.</summary>
public static class SuiteChoice
{
    /// <summary>
    /// The suite to encrypt with: the document's default (Rijndael, 256 bits) for what is not given;
    /// an algorithm given alone takes 256 bits, or its one length when it has no 256-bit key (Simon, SM4).
    /// </summary>
    public static CipherSuite ForEncrypt(string? algorithm, int? bits)
    {
        var name = Canonical(algorithm ?? CipherCatalog.DefaultAlgorithm);
        var allowed = CipherCatalog.KeyBitsOf(name);
        var chosen = bits ?? (allowed.Contains(CipherCatalog.DefaultKeyBits) || allowed.Count != 1 ? CipherCatalog.DefaultKeyBits : allowed[0]);
        return CipherCatalog.TryGet(name, chosen, out var suite)
            ? suite
            : throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                $"--bits {chosen}: {name} takes {string.Join(" or ", allowed)}-bit keys (rbcrypt list)"));
    }

    /// <summary>On decrypt the file's header names the suite; --alg or --bits, when given, must agree with it.</summary>
    public static void CheckDecrypt(CipherSuite fromFile, string? algorithm, int? bits, string file)
    {
        ArgumentNullException.ThrowIfNull(fromFile);
        if (algorithm is null && bits is null)
        {
            return;
        }
        var name = algorithm is null ? fromFile.Algorithm : Canonical(algorithm);
        var wanted = bits ?? fromFile.KeyBits;
        if (name != fromFile.Algorithm || wanted != fromFile.KeyBits)
        {
            var asked = string.Create(CultureInfo.InvariantCulture, $"{name.ToLowerInvariant()}-{wanted}");
            throw new UsageException($"{file} was encrypted with {fromFile.Label}, not {asked} (--alg/--bits); leave them out to use the file's");
        }
    }

    /// <summary>The table's spelling of a name given in any case; unknown names list the known ones.</summary>
    private static string Canonical(string algorithm) =>
        CipherCatalog.Algorithms.FirstOrDefault(a => string.Equals(a, algorithm.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new UsageException($"--alg {algorithm}: unknown algorithm; known: {string.Join(", ", CipherCatalog.Algorithms)} (rbcrypt list)");
}
