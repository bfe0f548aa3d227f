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

    public bool EnableAfterCreation { get; init; } = true;
}

/// <summary>The global schedule's page as a test uses it (owned by the rules page's author).</summary>
public sealed class RulesPage(ConsoleBrowser browser)
{
    public Task OpenAsync() => browser.GoAsync("/rules");

    /// <summary>Opens the page, fills the form (scripts through the fine-settings dialog), saves, waits for the row.</summary>
    public Task CreateAsync(RuleFormInput input) => throw new NotImplementedException();

    /// <summary>"Run now" from the row's context menu; returns once the console confirms the task.</summary>
    public Task RunNowAsync(string ruleName) => throw new NotImplementedException();

    /// <summary>"Run", "Wait" (data-status of the row).</summary>
    public Task<string> StatusAsync(string ruleName) => throw new NotImplementedException();
}
