namespace RuBackup.Tools.Crypt.Tests.Support;

public static class CryptAssert
{
    /// <summary>
    /// The tools' contract for failures: the expected non-zero exit, exactly one stderr line starting
    /// "rbcrypt: error:" that contains each of <paramref name="mentions"/>, and no stack trace.
    /// </summary>
    public static void OneLineError(CliResult result, int exitCode, params string[] mentions)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(mentions);
        Assert.True(result.ExitCode == exitCode, $"expected exit {exitCode}:\n{result}");
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected exactly one stderr line:\n{result}");
        Assert.StartsWith("rbcrypt: error:", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stdout, StringComparison.Ordinal);
        foreach (var mention in mentions)
        {
            Assert.True(lines[0].Contains(mention, StringComparison.Ordinal), $"error line should mention '{mention}':\n{result}");
        }
    }

    /// <summary>A refused run leaves neither the output nor its temporary file in the output's folder.</summary>
    public static void NoOutput(string output)
    {
        Assert.False(File.Exists(output), $"{output} was left behind");
        var folder = Path.GetDirectoryName(output)!;
        var leftovers = Directory.EnumerateFiles(folder, Files.OutputFile.TemporaryPrefix(output) + "*").ToList();
        Assert.True(leftovers.Count == 0, $"temporary files left behind: {string.Join(", ", leftovers)}");
    }
}
