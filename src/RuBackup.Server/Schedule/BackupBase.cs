using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Server.Archives;

namespace RuBackup.Server.Schedule;

/// <summary>
/// Whether an incremental or differential backup of a rule has something sound to build on: the rule's
/// newest archive in its pool and every archive of that archive's chain must be in the catalog and not
/// damaged. Otherwise the backup must be full: never build on damage.
/// </summary>
public static class BackupBase
{
    /// <summary>Why the backup must be full instead of <paramref name="kind"/>; null when the requested kind may stand.</summary>
    public static async Task<string?> WhyFullAsync(ICatalog catalog, RuleInfo rule, BackupKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(rule);
        if (kind == BackupKind.Full)
        {
            return null;
        }
        var archives = await catalog.ListArchivesAsync(new ArchiveQuery(Pool: rule.Settings.Pool, RuleId: rule.Id), cancellationToken).ConfigureAwait(false);
        var newest = archives.Where(a => a.Status != ArchiveService.Committing).MaxBy(a => (a.Created, a.Id));
        if (newest is null)
        {
            return $"rule {rule.Id} has no archive in pool {rule.Settings.Pool} to build a {Name(kind)} backup on; making a full backup";
        }
        var byId = archives.ToDictionary(a => a.Id, StringComparer.Ordinal);
        foreach (var id in newest.Chain.Count > 0 ? newest.Chain : [newest.Id])
        {
            var member = byId.GetValueOrDefault(id) ?? await catalog.FindArchiveAsync(id, cancellationToken).ConfigureAwait(false);
            if (member is null)
            {
                return $"archive {id} of the chain of the newest archive {newest.Id} is missing from the catalog; making a full backup instead of {Name(kind)}";
            }
            if (member.Status == ArchiveService.Damaged)
            {
                return $"archive {id} of the chain of the newest archive {newest.Id} is damaged; making a full backup instead of {Name(kind)}";
            }
        }
        return null;
    }

    private static string Name(BackupKind kind) => kind.ToString().ToLowerInvariant();
}
