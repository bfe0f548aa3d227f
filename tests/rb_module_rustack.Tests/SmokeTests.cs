namespace RuBackup.RustackModule.Tests;

public sealed class SmokeTests
{
    [Fact]
    public async Task List_DefaultCloud_ShowsEveryVmOfTheProject()
    {
        using var run = new ModuleRun();

        var result = await run.ModuleAsync("-l");

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var name in new[] { "rubackup-vm", "web-1", "db-1" })
        {
            Assert.Contains(name, result.Stdout, StringComparison.Ordinal);
        }
    }
}
