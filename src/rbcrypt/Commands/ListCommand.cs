using System.CommandLine;
using System.Globalization;
using RuBackup.Client.Tools;
using RuBackup.Crypto;

namespace RuBackup.Tools.Crypt.Commands;

/// <summary>rbcrypt list: Table 1 of the document, one algorithm a line, the default key length marked.</summary>
internal static class ListCommand
{
    /// <summary>The table's "Примечание" column.</summary>
    private static readonly Dictionary<string, string> Notes = new(StringComparer.Ordinal)
    {
        ["Kalyna"] = "Ukrainian national standard DSTU 7624:2014",
        ["Kuznyechik"] = "Russian national standard GOST R 34.12-2015",
        ["Rijndael"] = "Advanced Encryption Standard (AES)",
        ["SM4"] = "Chinese national standard for wireless networks",
    };

    public static Command Create(ToolContext context)
    {
        var json = new Option<bool>("--json") { Description = "Machine-readable output" };
        var command = new Command("list", "The algorithms and key lengths of Table 1 (* marks the default)") { json };
        ToolRunner.SetAction(command, CryptTool.Name, context, (parse, _) =>
        {
            var rows = CipherCatalog.Algorithms.Select(Row).ToList();
            if (parse.GetValue(json))
            {
                ToolOutput.Json(context, rows);
                return Task.FromResult(0);
            }
            ToolOutput.Table(context, ["ALGORITHM", "KEY BITS", "BLOCK BITS", "NOTE"], rows.Select(r => (IReadOnlyList<string>)
            [
                r.Algorithm,
                string.Join(", ", r.KeyBits.Select(b => string.Create(CultureInfo.InvariantCulture, $"{b}{(r.Default == b ? "*" : "")}"))),
                r.BlockBits.Distinct().Count() == 1 ? r.BlockBits[0].ToString(CultureInfo.InvariantCulture) : "= key",
                r.Note ?? "",
            ]));
            var suite = CipherCatalog.Default;
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"* default: {suite.Algorithm} with a {suite.KeyBits}-bit key (rbcrypt encrypt without --alg and --bits)"));
            return Task.FromResult(0);
        });
        return command;
    }

    private static AlgorithmRow Row(string algorithm)
    {
        var suites = CipherCatalog.Suites.Where(s => s.Algorithm == algorithm).ToList();
        var fallback = CipherCatalog.Default;
        return new AlgorithmRow(
            algorithm,
            suites.Select(s => s.KeyBits).ToList(),
            suites.Select(s => s.BlockBits).ToList(),
            suites.Select(s => (int?)s.KeyBits).FirstOrDefault(b => algorithm == fallback.Algorithm && b == fallback.KeyBits),
            Notes.GetValueOrDefault(algorithm));
    }

    /// <param name="Default">The key length that is rbcrypt's default, on the default algorithm's row only.</param>
    private sealed record AlgorithmRow(string Algorithm, IReadOnlyList<int> KeyBits, IReadOnlyList<int> BlockBits, int? Default, string? Note);
}
