using System.Globalization;
using Microsoft.Playwright;
using RuBackup.Api;

namespace RuBackup.Rbm.Tests;

public sealed class DashboardAndPoolsPageTests
{
    [Fact]
    public async Task DashboardAndPools_AfterOneBackup_ShowItsSuccessBytesAndRatio()
    {
        await using var run = await SystemRun.StartAsync(CatalogKind.Sqlite);
        await run.AddPoolAsync("dedup", PoolKind.Dedup);
        await run.AddClientAsync("backup-1");
        var rule = await run.AddRuleAsync("backup-1", "web-1", "dedup");
        await run.WaitTaskAsync((await run.Admin.RunRuleAsync(rule.Id)).Id);
        var archives = await run.Admin.ListArchivesAsync();
        var stored = archives.Sum(a => a.StoredBytes);
        var logical = archives.Sum(a => a.SourceBytes);
        Assert.True(stored > 0, "the backup stored something");
        // In status run the rule has a next scheduled run (03:00 UTC), computed when rules are listed.
        await run.Admin.ResumeRuleAsync(rule.Id);
        Assert.NotNull(Assert.Single(await run.Admin.ListRulesAsync()).NextRun);

        await using var browser = await ConsoleBrowser.OpenAsync(run.Server.Url);
        await browser.SignInAsync("rubackup", ServerProcess.AdminPassword);
        var page = browser.Page;

        await browser.GoAsync("/");
        var today = DateTime.UtcNow.ToString("MM-dd", CultureInfo.InvariantCulture);
        var success = page.GetByTestId("dash-success-chart");
        await Assertions.Expect(success.Locator($"rect[data-series='done'][data-label='{today}']")).ToHaveAttributeAsync("data-value", "1");
        await Assertions.Expect(success.Locator($"rect[data-series='error'][data-label='{today}']")).ToHaveAttributeAsync("data-value", "0");
        await Assertions.Expect(page.GetByTestId("dash-bytes-chart").Locator("rect[data-series='stored'][data-label='dedup']"))
            .ToHaveAttributeAsync("data-value", stored.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("dash-dedup")).ToHaveAttributeAsync("data-stored", stored.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("dash-dedup-ratio")).ToContainTextAsync(Ratio(logical, stored));
        await Assertions.Expect(page.GetByTestId("dash-card-archives")).ToHaveAttributeAsync("data-value", "1");
        await Assertions.Expect(page.GetByTestId("dash-card-clients")).ToHaveAttributeAsync("data-authorized", "1");
        await Assertions.Expect(page.GetByTestId($"dash-next-run-{rule.Id}")).ToHaveTextAsync(rule.Settings.Name);
        await browser.ScreenshotAsync("en", "dashboard");

        await browser.GoAsync("/pools");
        await Assertions.Expect(page.GetByTestId("pool-row-dedup")).ToHaveAttributeAsync("data-kind", "Dedup");
        await Assertions.Expect(page.GetByTestId("pool-archives-dedup")).ToHaveAttributeAsync("data-value", "1");
        await Assertions.Expect(page.GetByTestId("pool-stored-dedup")).ToHaveAttributeAsync("data-value", stored.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("pool-ratio-dedup")).ToHaveTextAsync(Ratio(logical, stored));
        await browser.ScreenshotAsync("en", "pools");

        // GC now: the report is shown and the server records the collection.
        await page.GetByTestId("pool-gc-dedup").ClickAsync();
        await Assertions.Expect(page.GetByTestId("pool-gc-report")).ToHaveAttributeAsync("data-pool", "dedup");
        Assert.NotNull(Assert.Single(await run.Admin.ListPoolsAsync()).LastGcAt);

        // Deleting a pool that holds an archive: the server's refusal is shown, and the pool stays.
        await page.GetByTestId("pool-delete-dedup").ClickAsync();
        await page.GetByTestId("pool-delete-confirm").ClickAsync();
        await Assertions.Expect(page.GetByTestId("pool-delete-error")).ToContainTextAsync("archive");
        await page.GetByTestId("pool-delete-cancel").ClickAsync();
        Assert.Equal("dedup", Assert.Single(await run.Admin.ListPoolsAsync()).Name);

        // The same pages in Russian: the invariant attributes stay, the words change.
        await page.GetByTestId("lang-ru").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ru");
        await Assertions.Expect(page.GetByTestId("pool-ratio-dedup")).ToHaveTextAsync(Ratio(logical, stored));
        await Assertions.Expect(page.GetByTestId("page-title")).ToHaveTextAsync("Пулы хранения");
        await browser.ScreenshotAsync("ru", "pools");
        await browser.GoAsync("/");
        await Assertions.Expect(page.GetByTestId("dash-success-chart").Locator($"rect[data-series='done'][data-label='{today}']")).ToHaveAttributeAsync("data-value", "1");
        await browser.ScreenshotAsync("ru", "dashboard");

        Assert.Empty(browser.ForeignRequests);
        Assert.Empty(browser.ConsoleErrors);
    }

    [Fact]
    public async Task CreatePool_EmptyName_ErrorAtTheFieldAndNothingCreated()
    {
        await using var run = await SystemRun.StartAsync(CatalogKind.Sqlite);
        await using var browser = await ConsoleBrowser.OpenAsync(run.Server.Url);
        await browser.SignInAsync("rubackup", ServerProcess.AdminPassword);
        var page = browser.Page;
        await browser.GoAsync("/pools");
        var before = await run.Admin.ListPoolsAsync();

        await browser.OpenDialogAsync("pool-create", "pool-name");
        var dialog = page.GetByTestId("pool-create-dialog");
        await dialog.GetByTestId("pool-description").FillAsync("no name given");
        await page.GetByTestId("pool-create-save").ClickAsync();

        var nameField = page.Locator(".mud-input-control").Filter(new LocatorFilterOptions { Has = page.GetByTestId("pool-name") });
        await Assertions.Expect(nameField.Locator(".mud-input-helper-text.mud-input-error")).ToContainTextAsync("Required");
        await Assertions.Expect(page.Locator(".mud-input-helper-text.mud-input-error")).ToHaveCountAsync(1);
        await browser.ScreenshotAsync("en", "pools-create-error");
        Assert.Equal(before.Select(p => p.Name), (await run.Admin.ListPoolsAsync()).Select(p => p.Name));

        // The same form with a name creates the pool: the error was the only thing in the way.
        await dialog.GetByTestId("pool-name").FillAsync("fresh");
        await page.GetByTestId("pool-create-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("pool-row-fresh")).ToBeVisibleAsync();
        var created = Assert.Single(await run.Admin.ListPoolsAsync(), p => p.Name == "fresh");
        Assert.Equal(PoolKind.Dedup, created.Kind);
        Assert.Equal("no name given", created.Description);
    }

    private static string Ratio(long logical, long stored) => ((double)logical / stored).ToString("0.0", CultureInfo.InvariantCulture) + "×";
}
