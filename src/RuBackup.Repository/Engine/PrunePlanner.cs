using System.Globalization;
using RuBackup.Repository.Format;

namespace RuBackup.Repository.Engine;

/// <summary>Retention rules, as in restic and Proxmox: each rule keeps the newest archive of each of its last N periods.</summary>
public sealed record PrunePolicy
{
    public int KeepLast { get; init; }

    public int KeepHourly { get; init; }

    public int KeepDaily { get; init; }

    public int KeepWeekly { get; init; }

    public int KeepMonthly { get; init; }

    public int KeepYearly { get; init; }

    public TimeSpan? KeepWithin { get; init; }

    public bool IsEmpty => KeepLast + KeepHourly + KeepDaily + KeepWeekly + KeepMonthly + KeepYearly == 0 && KeepWithin is null;
}

public sealed record PruneDecision(ArchiveManifest Archive, bool Keep, IReadOnlyList<string> Reasons);

/// <summary>
/// Decides which archives a policy keeps, per resource, then keeps every base a kept archive needs
/// (so no chain is broken) and says so. Removal runs newest first: at every moment each listed archive
/// still has its whole chain, even if pruning is interrupted.
/// </summary>
public sealed class PrunePlanner
{
    private readonly BackupRepository _repository;

    public PrunePlanner(BackupRepository repository) => _repository = repository;

    public async Task<IReadOnlyList<PruneDecision>> PlanAsync(PrunePolicy policy, string? resource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.IsEmpty)
        {
            throw new RepositoryException("prune needs at least one --keep-... rule; refusing to remove every archive");
        }
        // A negative count or an empty window keeps nothing, yet would pass the check above and remove every archive.
        int[] counts = [policy.KeepLast, policy.KeepHourly, policy.KeepDaily, policy.KeepWeekly, policy.KeepMonthly, policy.KeepYearly];
        if (counts.Any(n => n < 0) || policy.KeepWithin <= TimeSpan.Zero)
        {
            throw new RepositoryException("prune: --keep-... counts must not be negative and --keep-within must be longer than zero; refusing to remove every archive");
        }
        var all = await _repository.Catalog.ListAsync(cancellationToken).ConfigureAwait(false);
        var now = _repository.Time.GetUtcNow();
        var decisions = new List<PruneDecision>();
        foreach (var group in all.Where(m => resource is null || m.Resource == resource).GroupBy(m => (m.SourceType, m.Resource)))
        {
            decisions.AddRange(PlanGroup([.. group.OrderByDescending(m => m.Created).ThenByDescending(m => m.Id, StringComparer.Ordinal)], policy, now));
        }
        return decisions;
    }

    public async Task<int> ApplyAsync(IReadOnlyList<PruneDecision> decisions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        var removed = 0;
        foreach (var decision in decisions.Where(d => !d.Keep).OrderByDescending(d => d.Archive.Created).ThenByDescending(d => d.Archive.Id, StringComparer.Ordinal))
        {
            await _repository.Device.DeleteArchiveAsync(decision.Archive.Id, cancellationToken).ConfigureAwait(false);
            removed++;
        }
        return removed;
    }

    private static List<PruneDecision> PlanGroup(List<ArchiveManifest> newestFirst, PrunePolicy policy, DateTimeOffset now)
    {
        var reasons = newestFirst.ToDictionary(m => m.Id, _ => new List<string>(), StringComparer.Ordinal);
        for (var i = 0; i < Math.Min(policy.KeepLast, newestFirst.Count); i++)
        {
            reasons[newestFirst[i].Id].Add($"last {policy.KeepLast}");
        }
        if (policy.KeepWithin is { } within)
        {
            // Age against the window, not now - window: a window of centuries would fall before year 1.
            foreach (var m in newestFirst.Where(m => now - m.Created <= within))
            {
                reasons[m.Id].Add($"within {FormatSpan(within)}");
            }
        }
        KeepPerPeriod(newestFirst, reasons, policy.KeepHourly, "hourly", t => t.ToString("yyyy-MM-dd HH", CultureInfo.InvariantCulture));
        KeepPerPeriod(newestFirst, reasons, policy.KeepDaily, "daily", t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        KeepPerPeriod(newestFirst, reasons, policy.KeepWeekly, "weekly", t => $"{ISOWeek.GetYear(t.UtcDateTime)}-W{ISOWeek.GetWeekOfYear(t.UtcDateTime):00}");
        KeepPerPeriod(newestFirst, reasons, policy.KeepMonthly, "monthly", t => t.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        KeepPerPeriod(newestFirst, reasons, policy.KeepYearly, "yearly", t => t.ToString("yyyy", CultureInfo.InvariantCulture));

        // A kept archive's bases are kept too, whatever the rules say: otherwise it could not be restored.
        var byId = newestFirst.ToDictionary(m => m.Id, StringComparer.Ordinal);
        foreach (var m in newestFirst.Where(m => reasons[m.Id].Count > 0 && !reasons[m.Id][0].StartsWith("base of", StringComparison.Ordinal)).ToList())
        {
            var current = m;
            while (current.Base is not null && byId.TryGetValue(current.Base, out var baseArchive))
            {
                if (!reasons[baseArchive.Id].Contains($"base of {current.Id}"))
                {
                    reasons[baseArchive.Id].Add($"base of {current.Id}");
                }
                current = baseArchive;
            }
        }
        return [.. newestFirst.Select(m => new PruneDecision(m, reasons[m.Id].Count > 0, reasons[m.Id]))];
    }

    private static void KeepPerPeriod(List<ArchiveManifest> newestFirst, Dictionary<string, List<string>> reasons, int count, string name, Func<DateTimeOffset, string> period)
    {
        string? last = null;
        var kept = 0;
        foreach (var m in newestFirst)
        {
            if (kept >= count)
            {
                return;
            }
            var bucket = period(m.Created.ToUniversalTime());
            if (bucket != last)
            {
                reasons[m.Id].Add($"{name} {bucket}");
                last = bucket;
                kept++;
            }
        }
    }

    private static string FormatSpan(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays == Math.Floor(span.TotalDays) ? $"{span.TotalDays:0}d" : span.ToString();
}
