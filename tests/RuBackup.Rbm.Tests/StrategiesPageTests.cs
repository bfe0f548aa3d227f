using Microsoft.Playwright;
using RuBackup.Api;
using RuBackup.Rbm.Tests.PageObjects;

namespace RuBackup.Rbm.Tests;

/// <summary>Strategies in the browser: made through the rule form's fields plus a pattern, shown with their rules, deleted with them.</summary>
public sealed class StrategiesPageTests
{
    [Fact]
    public async Task StrategyForm_WebPattern_RuleForWebVmShownAndDeletedWithIt()
    {
        await using var run = await SystemRun.StartAsync(CatalogKind.Sqlite);
        await run.AddPoolAsync("p1", PoolKind.Dedup);
        var (client, info) = await run.AddClientAsync("c1");
        await SystemRun.EventuallyAsync(async () => (await run.Admin.GetClientResourcesAsync(info.Id)).Any(r => r.Name == "db-1") ? "" : null,
            "c1 to report its VMs", () => client.Output);
        await using var browser = await ConsoleBrowser.OpenAsync(run.Server.Url);
        await browser.SignInAsync("rubackup", ServerProcess.AdminPassword);
        var page = browser.Page;
        var form = new RulesPage(browser);
        await browser.GoAsync("/strategies");

        await page.GetByTestId("strategy-create").ClickAsync();
        await form.Input("strategy-name").FillAsync("web");
        await form.ChooseAsync("rule-client", "rule-client-option-c1");
        await form.ChooseAsync("rule-pool", "rule-pool-option-p1");
        await form.Input("rule-schedule").FillAsync("30 1 * * *");
        await form.SetCheckedAsync("rule-enable", false);
        await page.GetByTestId("strategy-save").ClickAsync();
        // No pattern: refused at its field, nothing saved.
        await Assertions.Expect(form.Input("strategy-pattern")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Empty(await run.Admin.ListStrategiesAsync());

        await form.Input("strategy-pattern").FillAsync("web-*");
        await page.GetByTestId("strategy-save").ClickAsync();
        var row = page.GetByTestId("strategy-row-web");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-rules", "1", new() { Timeout = 20_000 });
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "Wait");

        var strategy = Assert.Single(await run.Admin.ListStrategiesAsync());
        Assert.Equal(("web-*", "c1", "p1", "30 1 * * *", RuleStatus.Wait),
            (strategy.Settings.NamePattern, strategy.Settings.Client, strategy.Settings.Pool, strategy.Settings.Schedule, strategy.Status));
        var rule = Assert.Single(await run.Admin.ListStrategyRulesAsync(strategy.Id));
        Assert.Equal("web-1", rule.Settings.ResourceName);

        await page.GetByTestId("strategy-rules-toggle-web").ClickAsync();
        await Assertions.Expect(page.GetByTestId($"strategy-rule-{rule.Settings.Name}")).ToContainTextAsync("web-1");

        await page.GetByTestId("strategy-menu-web").ClickAsync();
        await page.GetByTestId("strategy-delete-web").ClickAsync();
        await page.GetByTestId("strategy-delete-rules").SetCheckedAsync(true);
        await page.GetByTestId("strategy-delete-ok").ClickAsync();
        await row.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.Empty(await run.Admin.ListStrategiesAsync());
        Assert.Empty(await run.Admin.ListRulesAsync());
        Assert.Empty(browser.ConsoleErrors);
    }
}
