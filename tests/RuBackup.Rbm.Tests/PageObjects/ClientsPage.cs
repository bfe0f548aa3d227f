namespace RuBackup.Rbm.Tests.PageObjects;

/// <summary>The clients page as a test uses it (owned by the clients page's author).</summary>
public sealed class ClientsPage(ConsoleBrowser browser)
{
    public Task OpenAsync() => browser.GoAsync("/clients");

    /// <summary>Opens the page, authorizes the client and waits until its row says Authorized.</summary>
    public Task AuthorizeAsync(string clientName) => throw new NotImplementedException();

    /// <summary>The client's status as the row shows it: "Unauthorized", "Authorized" or "Revoked" (data-status, not the translated text).</summary>
    public Task<string> StatusAsync(string clientName) => throw new NotImplementedException();
}
