using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Repository;
using RuBackup.Server.Pools;

namespace RuBackup.Server.Archives;

/// <summary>
/// Catalog against pools (rb_admin check): every catalog archive must have its manifest in its pool,
/// every manifest a catalog row, every chain must reach a full archive through rows that exist, and no
/// row may be left "committing". Consistent when nothing is found.
/// </summary>
public sealed class CheckService(ICatalog catalog, PoolDevices devices)
{
    public async Task<CheckReport> CheckAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var archives = await catalog.ListArchivesAsync(new ArchiveQuery(), cancellationToken).ConfigureAwait(false);
        var byId = archives.ToDictionary(a => a.Id, StringComparer.Ordinal);
        var manifests = 0;
        foreach (var pool in await catalog.ListPoolsAsync(cancellationToken).ConfigureAwait(false))
        {
            IReadOnlyList<string> listed;
            try
            {
                listed = await devices.For(pool).ListManifestsAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or RepositoryException)
            {
                problems.Add($"pool {pool.Name}: cannot list {pool.Path}: {e.Message}");
                continue;
            }
            manifests += listed.Count;
            var inPool = listed.ToHashSet(StringComparer.Ordinal);
            foreach (var id in listed.Where(id => !byId.TryGetValue(id, out var a) || a.Pool != pool.Name))
            {
                problems.Add($"pool {pool.Name}: manifest {id} has no catalog entry");
            }
            foreach (var archive in archives.Where(a => a.Pool == pool.Name && a.Status != ArchiveService.Committing && !inPool.Contains(a.Id)))
            {
                problems.Add($"archive {archive.Id} (client {archive.ClientName}): its manifest is missing from pool {pool.Name}");
            }
        }
        var pools = (await catalog.ListPoolsAsync(cancellationToken).ConfigureAwait(false)).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var archive in archives)
        {
            if (archive.Status == ArchiveService.Committing)
            {
                problems.Add($"archive {archive.Id} (client {archive.ClientName}) is still committing");
            }
            if (!pools.Contains(archive.Pool))
            {
                problems.Add($"archive {archive.Id}: its pool {archive.Pool} is not in the catalog");
            }
            if (BrokenChain(archive, byId) is { } broken)
            {
                problems.Add($"archive {archive.Id}: broken chain, {broken}");
            }
        }
        return new CheckReport(problems.Count == 0, archives.Count, manifests, problems);
    }

    private static string? BrokenChain(ArchiveInfo archive, Dictionary<string, ArchiveInfo> byId)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var current = archive;
        while (current.Base is { } baseId)
        {
            if (!seen.Add(current.Id))
            {
                return $"the chain loops at {current.Id}";
            }
            if (!byId.TryGetValue(baseId, out var next))
            {
                return $"base {baseId} of {current.Id} is missing";
            }
            if (next.Pool != current.Pool)
            {
                return $"base {baseId} of {current.Id} is in another pool";
            }
            current = next;
        }
        return current.Type == BackupKind.Full ? null : $"{current.Id} is a {current.Type.ToString().ToLowerInvariant()} archive without a base";
    }
}
