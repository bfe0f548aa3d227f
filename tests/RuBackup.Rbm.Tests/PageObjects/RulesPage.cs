using Microsoft.Playwright;

namespace RuBackup.Rbm.Tests.PageObjects;

/// <summary>What a test types into the rule form; strings so that a test can type bad values too.</summary>
public sealed record RuleFormInput
{
    public required string Name { get; init; }

    public required string Client { get; init; }

    /// <summary>The VM's name as the client's resource list shows it.</summary>
    public required string VmName { get; init; }

    public required string Pool { get; init; }

    public string Schedule { get; init; } = "0 3 * * *";

    public string RetentionDays { get; init; } = "30";

    public string? ScriptBefore { get; init; }

    /// <summary>The client's post-backup program (fine-settings dialog).</summary>
    public string? ScriptAfterBackup { get; init; }

    public bool EnableAfterCreation { get; init; } = true;
}

/// <summary>The global schedule's page as a test uses it (owned by the rules page's author).</summary>
public sealed class RulesPage(ConsoleBrowser browser)
{
    private IPage Page => browser.Page;

    public Task OpenAsync() => browser.GoAsync("/rules");

    /// <summary>Opens the page, fills the form (scripts through the fine-settings dialog), saves, waits for the row.</summary>
    public async Task CreateAsync(RuleFormInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await OpenAsync();
        await OpenCreateFormAsync();
        await FillAsync(input);
        await SaveAsync();
        await Row(input.Name).WaitForAsync();
        await Page.GetByTestId("rule-dialog").WaitForAsync(new() { State = WaitForSelectorState.Detached });
    }

    /// <summary>"Run now" from the row's context menu; returns once the console confirms the task.</summary>
    public async Task RunNowAsync(string ruleName)
    {
        var row = Row(ruleName);
        if (await row.CountAsync() == 0)
        {
            await OpenAsync();
        }
        var before = await row.GetAttributeAsync("data-last-task") ?? "";
        // The document's way: right-click the rule, «Выполнить».
        await row.Locator("td").First.ClickAsync(new() { Button = MouseButton.Right });
        await Page.GetByTestId($"rule-run-{ruleName}").ClickAsync();
        await Assertions.Expect(row).Not.ToHaveAttributeAsync("data-last-task", before);
    }

    /// <summary>"Run", "Wait" (data-status of the row).</summary>
    public async Task<string> StatusAsync(string ruleName)
    {
        var row = Row(ruleName);
        if (await row.CountAsync() == 0)
        {
            await OpenAsync();
        }
        await row.WaitForAsync();
        return await row.GetAttributeAsync("data-status") ?? "";
    }

    public ILocator Row(string ruleName) => Page.GetByTestId($"rule-row-{ruleName}");

    public async Task OpenCreateFormAsync()
    {
        await Page.GetByTestId("rule-create").ClickAsync();
        await Page.GetByTestId("rule-name").WaitForAsync();
    }

    /// <summary>Fills the open form: the main tab, and the before-script and post-backup program through the "…" dialog.</summary>
    public async Task FillAsync(RuleFormInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await Input("rule-name").FillAsync(input.Name);
        await ChooseAsync("rule-client", $"rule-client-option-{input.Client}");
        await ChooseAsync("rule-resource", $"rule-resource-option-{input.VmName}");
        await ChooseAsync("rule-pool", $"rule-pool-option-{input.Pool}");
        await Input("rule-schedule").FillAsync(input.Schedule);
        await Input("rule-retention").FillAsync(input.RetentionDays);
        if (input.ScriptBefore is not null || input.ScriptAfterBackup is not null)
        {
            await Page.GetByTestId("rule-fine-settings").ClickAsync();
            if (input.ScriptBefore is not null)
            {
                await Input("rule-script-before").FillAsync(input.ScriptBefore);
            }
            if (input.ScriptAfterBackup is not null)
            {
                await Input("rule-script-after-backup").FillAsync(input.ScriptAfterBackup);
            }
            await CloseFineSettingsAsync();
        }
        await SetCheckedAsync("rule-enable", input.EnableAfterCreation);
    }

    /// <summary>OK in the fine-settings dialog; returns once the dialog is gone.</summary>
    /// <remarks>
    /// One full run under load saw this click leave the dialog open (the typed text had reached the server).
    /// It was not reproduced since: not with the browser's CPU throttled 6 to 20 times, nor with the server
    /// stopped around the click, nor with the mouse held down through a re-render. The dialog now binds its
    /// fields as typed, so nothing is committed between press and release. Clicking again while the dialog
    /// stays open keeps a repeat from failing a run; the tests' catalog checks still prove the values.
    /// </remarks>
    public async Task CloseFineSettingsAsync()
    {
        var ok = Page.GetByTestId("fine-settings-ok");
        for (var attempt = 0; attempt < 3 && await ok.CountAsync() > 0; attempt++)
        {
            await ok.ClickAsync();
            try
            {
                await ok.WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 7000 });
            }
            catch (TimeoutException)
            {
                // Click again.
            }
        }
        Assert.Equal(0, await ok.CountAsync());
    }

    public Task SaveAsync() => Page.GetByTestId("rule-save").ClickAsync();

    /// <summary>The input (or text area) of a form field: MudBlazor puts the field's data-testid on it.</summary>
    public ILocator Input(string testId) => Page.GetByTestId(testId);

    /// <summary>The whole field around an input: its label, the input and the message line under it.</summary>
    public ILocator Field(string testId) =>
        Page.GetByTestId(testId).Locator("xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' mud-input-control ')][1]");

    /// <summary>The message line under a field (helper text, or the error when the field is in error).</summary>
    public ILocator FieldMessage(string testId) => Field(testId).Locator(".mud-input-helper-text");

    /// <summary>Opens a select and picks the option (waits for it: the VMs load after the client is chosen).</summary>
    public async Task ChooseAsync(string selectTestId, string optionTestId)
    {
        var option = Page.GetByTestId(optionTestId);
        await Page.GetByTestId(selectTestId).ClickAsync();
        await option.ClickAsync();
        await option.WaitForAsync(new() { State = WaitForSelectorState.Hidden });
    }

    public async Task SetCheckedAsync(string testId, bool on)
    {
        var box = Page.GetByTestId(testId);
        await box.SetCheckedAsync(on);
        if (on)
        {
            await Assertions.Expect(box).ToBeCheckedAsync();
        }
        else
        {
            await Assertions.Expect(box).Not.ToBeCheckedAsync();
        }
    }
}
