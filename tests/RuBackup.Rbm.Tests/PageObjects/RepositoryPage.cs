namespace RuBackup.Rbm.Tests.PageObjects;

/// <summary>The repository page as a test uses it (owned by the repository page's author).</summary>
public sealed class RepositoryPage(ConsoleBrowser browser)
{
    public Task OpenAsync() => browser.GoAsync("/repository");

    /// <summary>
    /// Opens the centralized restore dialog of the archive, sets "deploy if applicable" and, when not
    /// deploying, the target folder; confirms; returns the id of the restore task the console reports.
    /// </summary>
    public Task<long> RestoreAsync(string archiveId, bool deploy, string? folder) => throw new NotImplementedException();
}
