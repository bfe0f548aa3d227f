namespace RuBackup.RepoTool.Tests.Support;

public static class CliAssert
{
    /// <summary>
    /// The operator contract for failures: non-zero exit, exactly one line on stderr starting
    /// "rb_repo: error:", containing each of <paramref name="mentions"/>, and no stack trace anywhere.
    /// </summary>
    public static void OneLineError(CliResult result, params string[] mentions)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(mentions);
        Assert.True(result.ExitCode != 0, $"expected a failure:\n{result}");
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected exactly one stderr line:\n{result}");
        Assert.StartsWith("rb_repo: error:", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stdout, StringComparison.Ordinal);
        foreach (var mention in mentions)
        {
            Assert.True(lines[0].Contains(mention, StringComparison.Ordinal), $"error line should mention '{mention}':\n{result}");
        }
    }

    /// <summary>A failed restore must leave neither the final image nor its partial file behind.</summary>
    public static void NoRestoredImage(string target)
    {
        if (!Directory.Exists(target))
        {
            return;
        }
        var leftovers = Directory.EnumerateFiles(target).Where(f => f.EndsWith(".raw", StringComparison.Ordinal) || f.EndsWith(".partial", StringComparison.Ordinal)).ToList();
        Assert.True(leftovers.Count == 0, $"restore left files behind: {string.Join(", ", leftovers)}");
    }
}
