using RuBackup.Api;

namespace RuBackup.Rbm.Components.Pools;

/// <summary>
/// What a pool holds, summed over the catalog's archives: the server keeps no per-pool totals, and the
/// archives list is what both the dashboard and the pools page already read.
/// </summary>
/// <param name="Logical">Sum of the archives' source sizes (what was backed up).</param>
/// <param name="Stored">Sum of what each archive added to the pool (after dedup and compression).</param>
public sealed record PoolUsage(string Pool, int Archives, long Logical, long Stored)
{
    /// <summary>Bytes not stored thanks to dedup and compression (never negative).</summary>
    public long Saved => Math.Max(0, Logical - Stored);

    public string Ratio => Format.Ratio(Logical, Stored);

    public string PercentSaved => Format.Percent(Saved, Logical);

    /// <summary>One entry per pool, in the pools' order, then any pool only archives name (a pool deleted under them).</summary>
    public static IReadOnlyList<PoolUsage> Of(IReadOnlyList<PoolInfo> pools, IReadOnlyList<ArchiveInfo> archives)
    {
        ArgumentNullException.ThrowIfNull(pools);
        ArgumentNullException.ThrowIfNull(archives);
        var byPool = archives.GroupBy(a => a.Pool, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new PoolUsage(g.Key, g.Count(), g.Sum(a => a.SourceBytes), g.Sum(a => a.StoredBytes)), StringComparer.Ordinal);
        var usage = pools.Select(p => byPool.GetValueOrDefault(p.Name) ?? new PoolUsage(p.Name, 0, 0, 0)).ToList();
        usage.AddRange(byPool.Values.Where(u => pools.All(p => p.Name != u.Pool)).OrderBy(u => u.Pool, StringComparer.Ordinal));
        return usage;
    }

    public static PoolUsage Total(IEnumerable<PoolUsage> usage) =>
        usage.Aggregate(new PoolUsage("", 0, 0, 0), (sum, u) => new PoolUsage("", sum.Archives + u.Archives, sum.Logical + u.Logical, sum.Stored + u.Stored));
}
