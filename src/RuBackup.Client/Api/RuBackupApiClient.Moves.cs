using RuBackup.Api;

namespace RuBackup.Client.Api;

/// <summary>Moves between pools and garbage collection (issue 5).</summary>
public sealed partial class RuBackupApiClient
{
    /// <summary>Moves the archive's whole family (its full and every archive based on it) to <paramref name="pool"/>: a server task.</summary>
    public Task<TaskInfo> MoveArchiveAsync(string id, string pool, CancellationToken cancellationToken = default) =>
        PostAsync<TaskInfo>(ApiRoutes.ArchiveMove(id, pool), null, cancellationToken);

    public Task<PoolGcReport> CollectPoolAsync(string pool, CancellationToken cancellationToken = default) =>
        PostAsync<PoolGcReport>(ApiRoutes.PoolGc(pool), null, cancellationToken);
}
