using Microsoft.Playwright;

namespace RuBackup.Rbm.Tests.PageObjects;

/// <summary>The clients page as a test uses it (owned by the clients page's author).</summary>
public sealed class ClientsPage(ConsoleBrowser browser)
{
    /// <summary>A client that just registered shows up on the page's next refresh (every 3 s).</summary>
    private static readonly LocatorAssertionsToHaveAttributeOptions Patience = new() { Timeout = 20_000 };

    public Task OpenAsync() => browser.GoAsync("/clients");

    /// <summary>Opens the page, authorizes the client and waits until its row says Authorized.</summary>
    public async Task AuthorizeAsync(string clientName)
    {
        await OpenAsync();
        var row = Row(clientName);
        await row.WaitForAsync();
        await browser.Page.GetByTestId($"client-authorize-{clientName}").ClickAsync();
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "Authorized", Patience);
    }

    /// <summary>The client's status as the row shows it: "Unauthorized", "Authorized" or "Revoked" (data-status, not the translated text).</summary>
    public async Task<string> StatusAsync(string clientName)
    {
        if (!new Uri(browser.Page.Url).AbsolutePath.Equals("/clients", StringComparison.OrdinalIgnoreCase))
        {
            await OpenAsync();
        }
        var row = Row(clientName);
        await row.WaitForAsync();
        return await row.GetAttributeAsync("data-status") ?? "";
    }

    private ILocator Row(string clientName) => browser.Page.GetByTestId($"client-row-{clientName}");
}
