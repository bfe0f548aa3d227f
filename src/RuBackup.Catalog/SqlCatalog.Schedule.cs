namespace RuBackup.Catalog;

internal abstract partial class SqlCatalog
{
    public async Task<bool> SetArchiveVerifiedAsync(string id, DateTimeOffset at, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE archives SET verified_at = @at WHERE id = @id", new { id, at = ColumnValues.Ms(at) }, cancellationToken).ConfigureAwait(false) > 0;

    public async Task<bool> SetArchiveExpiryNotifiedAsync(string id, DateTimeOffset at, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE archives SET expiry_notified_at = @at WHERE id = @id", new { id, at = ColumnValues.Ms(at) }, cancellationToken).ConfigureAwait(false) > 0;
}
