namespace RuBackup.Rbm.Tests;

public sealed class ConsoleSmokeTests
{
    [Fact]
    public async Task SignIn_Administrator_SeesEveryPageWithoutForeignRequests()
    {
        await using var run = await SystemRun.StartAsync(CatalogKind.Sqlite);
        await using var browser = await ConsoleBrowser.OpenAsync(run.Server.Url);
        await browser.SignInAsync("rubackup", ServerProcess.AdminPassword);
        foreach (var path in new[] { "/", "/clients", "/rules", "/strategies", "/tasks", "/repository", "/pools", "/users", "/notifications", "/audit" })
        {
            await browser.GoAsync(path);
        }
        Assert.Empty(browser.ForeignRequests);
        Assert.Empty(browser.ConsoleErrors);
    }
}
