using RuBackup.Api;

namespace RuBackup.Server.Moves;

/// <summary>
/// The unit of a move: a full archive and every archive based on it, transitively, in one pool.
/// Moving less breaks restores: an incremental without its base cannot be read, and a base whose
/// dependents stay behind leaves them without it.
/// </summary>
public static class ArchiveFamily
{
    /// <summary>The members of <paramref name="rootId"/>'s family among <paramref name="pool"/>'s archives, oldest first (the order a copy must follow).</summary>
    public static IReadOnlyList<ArchiveInfo> Members(IReadOnlyList<ArchiveInfo> pool, string rootId)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return [.. pool.Where(a => RootOf(a) == rootId).OrderBy(a => a.Created).ThenBy(a => a.Id, StringComparer.Ordinal)];
    }

    /// <summary>The full at the start of an archive's chain (the catalog computes chains by following base links).</summary>
    public static string RootOf(ArchiveInfo archive)
    {
        ArgumentNullException.ThrowIfNull(archive);
        return archive.Chain.Count > 0 ? archive.Chain[0] : archive.Id;
    }

    /// <summary>The families of <paramref name="archives"/> (any pools mixed), keyed by (pool, root).</summary>
    public static IEnumerable<IGrouping<(string Pool, string Root), ArchiveInfo>> Group(IEnumerable<ArchiveInfo> archives) =>
        archives.GroupBy(a => (a.Pool, RootOf(a)));
}
