namespace RuBackup.Catalog;

/// <summary>The scheduler's marks on archives (issue 5): verification and retention.</summary>
public partial interface ICatalog
{
    /// <summary>Records a clean verification of the archive, which restarts its verification period.</summary>
    Task<bool> SetArchiveVerifiedAsync(string id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Records that retention has told of the archive's expiry, so the notice (or the log line) is given once.</summary>
    Task<bool> SetArchiveExpiryNotifiedAsync(string id, DateTimeOffset at, CancellationToken cancellationToken);
}
