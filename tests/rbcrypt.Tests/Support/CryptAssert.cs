namespace RuBackup.Tools.Crypt.Tests.Support;

public static class CryptAssert
{
    /// <summary>The tools' contract for failures (<see cref="ToolRun.AssertOneLineError"/>), for rbcrypt with an exact exit code.</summary>
    public static void OneLineError(CliResult result, int exitCode, params string[] mentions) => ToolRun.AssertOneLineError(result, "rbcrypt", exitCode, mentions);

    /// <summary>A refused run leaves neither the output nor its temporary file in the output's folder.</summary>
    public static void NoOutput(string output)
    {
        Assert.False(File.Exists(output), $"{output} was left behind");
        var folder = Path.GetDirectoryName(output)!;
        var leftovers = Directory.EnumerateFiles(folder, Files.OutputFile.TemporaryPrefix(output) + "*").ToList();
        Assert.True(leftovers.Count == 0, $"temporary files left behind: {string.Join(", ", leftovers)}");
    }
}
