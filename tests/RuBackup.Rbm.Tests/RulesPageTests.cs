using System.Text.Json;
using Microsoft.Playwright;
using RuBackup.Api;
using RuBackup.Client.Api;
using RuBackup.Rbm.Tests.PageObjects;

namespace RuBackup.Rbm.Tests;

/// <summary>
/// The global schedule in the browser: bad entries stop at their field (acceptance 4), an operator runs
/// but cannot change rules (acceptance 2), and the form's every setting reaches the catalog.
/// </summary>
public sealed class RulesPageTests
{
    [Fact]
    public async Task RuleForm_BadEntries_MessageAtFieldAndNothingSaved()
    {
        await using var run = await StartAsync();
        await run.Admin.CreateRuleAsync(await SettingsAsync(run, "taken", "db-1"));
        await using var browser = await ConsoleBrowser.OpenAsync(run.Server.Url);
        await browser.SignInAsync("rubackup", ServerProcess.AdminPassword);
        var rules = new RulesPage(browser);
        await rules.OpenAsync();
        var good = new RuleFormInput { Name = "nightly", Client = "c1", VmName = "web-1", Pool = "p1" };

        // The console's own checks: each bad entry shows its message under its own field.
        var cases = new (RuleFormInput Input, string Field, string Message)[]
        {
            (good with { Name = "" }, "rule-name", "Give the rule a name"),
            (good with { Schedule = "0 3 * *" }, "rule-schedule", "Not a cron expression"),
            (good with { Schedule = "every night" }, "rule-schedule", "Not a cron expression"),
            (good with { RetentionDays = "-1" }, "rule-retention", "at least 1"),
        };
        foreach (var (input, field, message) in cases)
        {
            await rules.OpenCreateFormAsync();
            await rules.FillAsync(input);
            await rules.SaveAsync();
            await Assertions.Expect(rules.Input(field)).ToHaveAttributeAsync("aria-invalid", "true", new() { Timeout = 20_000 });
            await Assertions.Expect(rules.FieldMessage(field)).ToContainTextAsync(message);
            Assert.Equal(1, await browser.Page.Locator("[aria-invalid=true]").CountAsync());
            await browser.Page.GetByTestId("rule-cancel").ClickAsync();
            await browser.Page.GetByTestId("rule-dialog").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        }

        // The server's refusals land at their fields too: a taken name, a notification address it does not accept
        // (on the additional tab, which the form opens to show it).
        await rules.OpenCreateFormAsync();
        await rules.FillAsync(good with { Name = "taken" });
        await rules.SaveAsync();
        await Assertions.Expect(rules.Input("rule-name")).ToHaveAttributeAsync("aria-invalid", "true", new() { Timeout = 20_000 });
        await Assertions.Expect(rules.FieldMessage("rule-name")).ToContainTextAsync("taken");
        await browser.Page.GetByTestId("rule-cancel").ClickAsync();

        await rules.OpenCreateFormAsync();
        await rules.FillAsync(good);
        await browser.Page.GetByTestId("rule-tab-additional").ClickAsync();
        await rules.Input("rule-notify").FillAsync("not an address");
        await browser.Page.GetByTestId("rule-tab-main").ClickAsync();
        await rules.SaveAsync();
        await Assertions.Expect(rules.Input("rule-notify")).ToHaveAttributeAsync("aria-invalid", "true", new() { Timeout = 20_000 });
        await Assertions.Expect(rules.FieldMessage("rule-notify")).ToContainTextAsync("not an address");
        await browser.Page.GetByTestId("rule-cancel").ClickAsync();

        Assert.Equal(["taken"], (await run.Admin.ListRulesAsync()).Select(r => r.Settings.Name));
        Assert.Empty(browser.ConsoleErrors);
    }

    [Fact]
    public async Task Operator_RunsRuleButCannotChangeIt_DirectChangeRefused()
    {
        await using var run = await StartAsync();
        var rule = await run.Admin.CreateRuleAsync(await SettingsAsync(run, "nightly", "web-1"));
        await run.Admin.CreateUserAsync(new CreateUserRequest("op", "operator-secret", UserRole.Operator));
        await using var browser = await ConsoleBrowser.OpenAsync(run.Server.Url);
        await browser.SignInAsync("op", "operator-secret");
        var rules = new RulesPage(browser);
        await rules.OpenAsync();

        Assert.Equal("Wait", await rules.StatusAsync("nightly"));
        Assert.Equal(0, await browser.Page.GetByTestId("rule-create").CountAsync());
        await rules.Row("nightly").Locator("td").First.ClickAsync(new() { Button = MouseButton.Right });
        await browser.Page.GetByTestId("rule-run-nightly").WaitForAsync();
        Assert.Equal(1, await browser.Page.GetByTestId("rule-resume-nightly").CountAsync());
        Assert.Equal(0, await browser.Page.GetByTestId("rule-edit-nightly").CountAsync());
        Assert.Equal(0, await browser.Page.GetByTestId("rule-delete-nightly").CountAsync());
        // Closing the menu: a click outside it.
        await browser.Page.Mouse.ClickAsync(1400, 880);
        await browser.Page.GetByTestId("rule-run-nightly").WaitForAsync(new() { State = WaitForSelectorState.Hidden });

        await rules.RunNowAsync("nightly");
        var task = await SystemRun.EventuallyAsync(async () => (await run.Admin.ListTasksAsync()).FirstOrDefault(t => t.RuleId == rule.Id), "the operator's task");
        Assert.Equal(rule.Id, task.RuleId);

        // The server refuses what the page does not offer.
        using var op = await SystemRun.LoginAsync(run.Server.Url, "op", "operator-secret");
        var refused = await Assert.ThrowsAsync<ApiException>(() => op.UpdateRuleAsync(rule.Id, rule.Settings with { Schedule = "0 4 * * *", RetentionDays = 1 }));
        Assert.Equal(403, refused.StatusCode);
        var after = await run.Admin.GetRuleAsync(rule.Id);
        Assert.Equal(Json(rule.Settings), Json(after.Settings));
        Assert.Empty(browser.ConsoleErrors);
    }

    [Fact]
    public async Task RuleForm_EverySetting_LandsInCatalog()
    {
        await using var run = await StartAsync();
        await run.AddPoolAsync("p2", PoolKind.Dedup);
        await using var browser = await ConsoleBrowser.OpenAsync(run.Server.Url);
        await browser.SignInAsync("rubackup", ServerProcess.AdminPassword);
        var rules = new RulesPage(browser);
        var page = browser.Page;
        await rules.OpenAsync();
        await rules.OpenCreateFormAsync();
        await rules.FillAsync(new RuleFormInput
        {
            Name = "full-form", Client = "c1", VmName = "web-1", Pool = "p1", Schedule = "15 2 * * 1", RetentionDays = "14",
            ScriptBefore = "sync; fsfreeze -f /data", EnableAfterCreation = false,
        });
        await Assertions.Expect(rules.FieldMessage("rule-schedule")).ToContainTextAsync("Next run:");
        await page.GetByTestId("rule-fine-settings").ClickAsync();
        await Assertions.Expect(rules.Input("rule-script-before")).ToHaveValueAsync("sync; fsfreeze -f /data");
        await rules.Input("rule-script-after").FillAsync("fsfreeze -u /data");
        // The post-backup program must be an absolute path: a relative one is refused at the field, OK waits.
        await rules.Input("rule-script-after-backup").FillAsync("ship-to-tape.sh");
        await Assertions.Expect(rules.FieldMessage("rule-script-after-backup")).ToContainTextAsync("absolute path");
        await Assertions.Expect(page.GetByTestId("fine-settings-ok")).ToBeDisabledAsync();
        await rules.Input("rule-script-after-backup").FillAsync("/opt/rubackup/ship-to-tape.sh");
        await Assertions.Expect(page.GetByTestId("fine-settings-ok")).ToBeEnabledAsync();
        await rules.CloseFineSettingsAsync();
        await Assertions.Expect(page.GetByTestId("rule-scripts-set")).ToBeVisibleAsync();
        await rules.Input("rule-max-volume").FillAsync("5.5");
        await rules.ChooseAsync("rule-backup-type", "rule-backup-type-option-Incremental");
        await rules.Input("rule-verify").FillAsync("7");
        await rules.Input("rule-lifetime").FillAsync("2031-05-06T07:08");
        await rules.ChooseAsync("rule-encryption", "rule-encryption-option-kuznyechik-256");

        await page.GetByTestId("rule-tab-additional").ClickAsync();
        await rules.ChooseAsync("rule-on-expiry", "rule-on-expiry-option-Notify");
        await rules.ChooseAsync("rule-move-to-pool", "rule-move-to-pool-option-p2");
        await rules.Input("rule-move-after").FillAsync("10");
        await rules.SetCheckedAsync("rule-client-may-delete", true);
        await rules.Input("rule-notify").FillAsync("ops@example.com\nhttps://hooks.example.com/rb");
        await rules.SetCheckedAsync("rule-notify-on-Success", true);
        await rules.SetCheckedAsync("rule-notify-on-Expiry", false);
        await rules.SaveAsync();
        await rules.Row("full-form").WaitForAsync();

        var saved = Assert.Single(await run.Admin.ListRulesAsync());
        var s = saved.Settings;
        Assert.Equal(("full-form", "c1", (string?)null, "rustack"), (s.Name, s.Client, s.ClientGroup, s.ResourceType));
        Assert.Equal((await run.VmIdAsync("web-1"), "web-1", "p1"), (s.Resource, s.ResourceName, s.Pool));
        Assert.Equal((5.5, BackupKind.Incremental, "15 2 * * 1", 14, 7), (s.MaxVolumeGb, s.BackupType, s.Schedule, s.RetentionDays, s.VerifyEveryDays));
        Assert.Equal(new DateTimeOffset(2031, 5, 6, 7, 8, 0, TimeSpan.Zero), s.LifetimeUntil);
        Assert.Equal("kuznyechik-256", s.Encryption);
        Assert.Equal(("sync; fsfreeze -f /data", "fsfreeze -u /data"), (s.ScriptBeforeSnapshot, s.ScriptAfterSnapshot));
        Assert.Equal("/opt/rubackup/ship-to-tape.sh", s.ScriptAfterBackup);
        Assert.Equal((ExpiryAction.Notify, "p2", 10, true), (s.OnExpiry, s.MoveToPool, s.MoveAfterDays, s.ClientMayDelete));
        Assert.Equal(["ops@example.com", "https://hooks.example.com/rb"], s.Notify);
        Assert.Equal([NotifyEvent.Success, NotifyEvent.Failure, NotifyEvent.VerifyFailure], s.NotifyOn);
        Assert.False(s.EnableAfterCreation);
        Assert.Equal(RuleStatus.Wait, saved.Status);
        Assert.Equal("Wait", await rules.StatusAsync("full-form"));
        await Assertions.Expect(rules.Row("full-form")).ToContainTextAsync("web-1");
        Assert.Empty(browser.ConsoleErrors);
        Assert.Empty(browser.ForeignRequests);
    }

    /// <summary>The system with client c1 authorized and reporting its VMs, and pool p1.</summary>
    private static async Task<SystemRun> StartAsync()
    {
        var run = await SystemRun.StartAsync(CatalogKind.Sqlite);
        try
        {
            await run.AddPoolAsync("p1", PoolKind.Dedup);
            var (client, info) = await run.AddClientAsync("c1");
            await SystemRun.EventuallyAsync(async () => (await run.Admin.GetClientResourcesAsync(info.Id)).Any(r => r.Name == "web-1") ? "" : null,
                "c1 to report its VMs", () => client.Output);
            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    private static async Task<RuleSettings> SettingsAsync(SystemRun run, string name, string vm) => new()
    {
        Name = name,
        Client = "c1",
        Resource = await run.VmIdAsync(vm),
        ResourceName = vm,
        Pool = "p1",
        Schedule = "0 3 * * *",
        EnableAfterCreation = false,
    };

    private static string Json(RuleSettings settings) => JsonSerializer.Serialize(settings, ApiJson.Options);
}
