using RuBackup.Repository.Format;

namespace RuBackup.Repository.Engine;

public sealed record RepositoryStatistics(
    RepositoryConfig Config,
    int Archives,
    int Resources,
    long LogicalBytes,
    long StoredChunks,
    long StoredBytes)
{
    /// <summary>Logical bytes the archives restore to, per stored byte.</summary>
    public double DeduplicationRatio => StoredBytes == 0 ? 0 : (double)LogicalBytes / StoredBytes;

    public static async Task<RepositoryStatistics> ComputeAsync(BackupRepository repository, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var manifests = await repository.Catalog.ListAsync(cancellationToken).ConfigureAwait(false);
        long chunks = 0, bytes = 0;
        foreach (var container in await repository.Device.ListContainersAsync(cancellationToken).ConfigureAwait(false))
        {
            await foreach (var chunk in repository.Device.ListChunksAsync(container, cancellationToken).ConfigureAwait(false))
            {
                chunks++;
                bytes += chunk.Length;
            }
        }
        return new RepositoryStatistics(
            repository.Config,
            manifests.Count,
            manifests.Select(m => (m.SourceType, m.Resource)).Distinct().Count(),
            manifests.Sum(m => m.TotalSize),
            chunks,
            bytes);
    }
}
