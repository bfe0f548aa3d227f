using System.Globalization;
using Microsoft.Playwright;

namespace RuBackup.Rbm.Tests.PageObjects;

/// <summary>The repository page as a test uses it (owned by the repository page's author).</summary>
public sealed class RepositoryPage(ConsoleBrowser browser)
{
    public Task OpenAsync() => browser.GoAsync("/repository");

    /// <summary>
    /// Opens the centralized restore dialog of the archive, sets "deploy if applicable" and, when not
    /// deploying, the target folder; confirms; returns the id of the restore task the console reports.
    /// </summary>
    /// <remarks>Opens the page first unless it is already shown; the archive's row may take a refresh to appear.</remarks>
    public async Task<long> RestoreAsync(string archiveId, bool deploy, string? folder)
    {
        var dialog = await OpenRestoreDialogAsync(archiveId);
        await SetRestoreFormAsync(deploy, folder);
        await browser.Page.GetByTestId("restore-confirm").ClickAsync();
        var id = await ReadCreatedTaskIdAsync();
        await browser.Page.GetByTestId("restore-close").ClickAsync();
        await dialog.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        return id;
    }

    /// <summary>The archive's row (data-testid archive-row-ID), waiting up to a refresh for it to appear.</summary>
    public async Task<ILocator> ArchiveRowAsync(string archiveId)
    {
        if (!new Uri(browser.Page.Url).AbsolutePath.Equals("/repository", StringComparison.Ordinal))
        {
            await OpenAsync();
        }
        var row = browser.Page.GetByTestId($"archive-row-{archiveId}");
        await row.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        return row;
    }

    /// <summary>The row's "Signed by" cell state: trusted, revoked, unknown or unsigned.</summary>
    public static Task<string?> SignerStateAsync(ILocator row) => row.GetByTestId("archive-signer").GetAttributeAsync("data-signer-state");

    /// <summary>Clicks the row's «Восстановить» / Restore and waits for the dialog.</summary>
    public async Task<ILocator> OpenRestoreDialogAsync(string archiveId)
    {
        await ArchiveRowAsync(archiveId);
        await browser.Page.GetByTestId($"archive-restore-{archiveId}").ClickAsync();
        var dialog = browser.Page.GetByTestId("restore-dialog");
        await dialog.WaitForAsync();
        // The dialog asks for the authorized clients first; the form is ready once the archive's parameters show.
        await browser.Page.GetByTestId("restore-archive-id").WaitForAsync();
        return dialog;
    }

    /// <summary>Sets the checkbox and, when not deploying, types the folder (leaving the field so it validates).</summary>
    public async Task SetRestoreFormAsync(bool deploy, string? folder)
    {
        var checkbox = browser.Page.GetByTestId("restore-deploy");
        await checkbox.SetCheckedAsync(deploy);
        var field = browser.Page.GetByTestId("restore-folder");
        if (!deploy)
        {
            // The field is enabled once the circuit has seen the checkbox change.
            await Assertions.Expect(field).ToBeEnabledAsync();
            await field.FillAsync(folder ?? "");
            await field.BlurAsync();
        }
    }

    /// <summary>The restore task's id the dialog reports after OK.</summary>
    public async Task<long> ReadCreatedTaskIdAsync()
    {
        var created = browser.Page.GetByTestId("restore-task-id");
        await created.WaitForAsync();
        return long.Parse((await created.TextContentAsync())!.Trim(), CultureInfo.InvariantCulture);
    }
}
