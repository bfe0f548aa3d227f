using RuBackup.Api;

namespace RuBackup.Rbm.Components.Repository;

/// <summary>A full backup and the incrementals and differentials based on it, oldest first.</summary>
public sealed record ArchiveChain(string RootId, IReadOnlyList<ArchiveInfo> Archives);

/// <summary>The backups of one resource (a VM) of one client, newest chain first.</summary>
public sealed record ArchiveGroup(string ClientName, string ResourceType, string Resource, string? ResourceName, IReadOnlyList<ArchiveChain> Chains)
{
    public int Count => Chains.Sum(c => c.Archives.Count);

    public string Key => $"{ClientName}/{ResourceType}/{Resource}";
}

/// <summary>
/// How the repository page arranges the catalog's flat list: by resource, then by chain. An archive's
/// chain is <see cref="ArchiveInfo.Chain"/> (the ids a restore reads, its full first), so archives that
/// share a first id belong together, and a longer chain comes after the archive it is based on.
/// </summary>
public static class ArchiveGroups
{
    public static IReadOnlyList<ArchiveGroup> Build(IEnumerable<ArchiveInfo> archives)
    {
        ArgumentNullException.ThrowIfNull(archives);
        return [.. archives
            .GroupBy(a => (a.ClientName, a.ResourceType, a.Resource))
            .Select(g => new ArchiveGroup(
                g.Key.ClientName,
                g.Key.ResourceType,
                g.Key.Resource,
                g.OrderByDescending(a => a.Created).Select(a => a.ResourceName).FirstOrDefault(n => !string.IsNullOrEmpty(n)),
                [.. g.GroupBy(RootOf)
                    .Select(c => new ArchiveChain(c.Key, [.. c.OrderBy(a => a.Chain.Count).ThenBy(a => a.Created).ThenBy(a => a.Id, StringComparer.Ordinal)]))
                    .OrderByDescending(c => c.Archives.Max(a => a.Created))]))
            .OrderBy(g => g.ResourceName ?? g.Resource, StringComparer.OrdinalIgnoreCase)
            .ThenBy(g => g.ClientName, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>How far an archive sits from its full: 0 for the full, 1 for a differential, n for the n-th incremental.</summary>
    public static int Depth(ArchiveInfo archive)
    {
        ArgumentNullException.ThrowIfNull(archive);
        return Math.Max(0, archive.Chain.Count - 1);
    }

    private static string RootOf(ArchiveInfo archive) => archive.Chain.Count > 0 ? archive.Chain[0] : archive.Id;
}
