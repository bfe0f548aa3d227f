namespace RuBackup.Catalog;

/// <summary>What moves between pools and the scheduled garbage collection record (issue 5).</summary>
public partial interface ICatalog
{
    /// <summary>Points an archive's row at another pool; false when there is no such archive.</summary>
    Task<bool> SetArchivePoolAsync(string id, string pool, CancellationToken cancellationToken);

    /// <summary>Records when the pool's garbage collection last ran, so a restart catches up on missed runs only.</summary>
    Task SetPoolLastGcAsync(string name, DateTimeOffset at, CancellationToken cancellationToken);
}
