namespace RuBackup.Catalog;

internal abstract partial class SqlCatalog
{
    public async Task<bool> SetArchivePoolAsync(string id, string pool, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE archives SET pool = @pool WHERE id = @id", new { id, pool }, cancellationToken).ConfigureAwait(false) > 0;

    public Task SetPoolLastGcAsync(string name, DateTimeOffset at, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE pools SET last_gc_at = @at WHERE name = @name", new { name, at = ColumnValues.Ms(at) }, cancellationToken);
}
