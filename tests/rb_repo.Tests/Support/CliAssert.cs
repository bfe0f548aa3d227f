namespace RuBackup.RepoTool.Tests.Support;

public static class CliAssert
{
    /// <summary>The operator contract for failures (<see cref="ToolRun.AssertOneLineError"/>), for rb_repo.</summary>
    public static void OneLineError(CliResult result, params string[] mentions) => ToolRun.AssertOneLineError(result, "rb_repo", null, mentions);

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
