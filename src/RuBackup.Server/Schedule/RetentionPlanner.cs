namespace RuBackup.Server.Schedule;

/// <summary>One archive as retention sees it: its base link, when it expires (null: never), and whether retention may delete it at all.</summary>
public sealed record RetentionItem(string Id, string? Base, DateTimeOffset? Expiry, bool MayDelete = true);

/// <summary>
/// What retention does in one pool: the archives to delete, in an order that deletes every archive
/// after all archives based on it (leaves first), and for each expired archive that stays, why.
/// </summary>
public sealed record RetentionPlan(IReadOnlyList<string> Delete, IReadOnlyDictionary<string, string> KeptBecause);

/// <summary>
/// Decides retention over the archives of one pool. An archive is kept when it has not expired, may not
/// be deleted (written now, or its rule only notifies), or when a kept archive depends on it: a kept
/// archive keeps its base, and that base its own, so a kept incremental keeps its whole chain and a kept
/// differential its full. Everything else that has expired is deleted: deleting it breaks no restore.
/// </summary>
public static class RetentionPlanner
{
    public static RetentionPlan Plan(IReadOnlyList<RetentionItem> archives, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(archives);
        var byId = archives.ToDictionary(a => a.Id, StringComparer.Ordinal);
        var kept = new HashSet<string>(StringComparer.Ordinal);
        var because = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var root in archives.Where(a => !Expired(a, now) || !a.MayDelete))
        {
            if (!kept.Add(root.Id))
            {
                continue; // already reached as some kept archive's base: its own bases are marked
            }
            for (var child = root; child.Base is { } baseId && byId.TryGetValue(baseId, out var parent); child = parent)
            {
                if (!kept.Add(parent.Id))
                {
                    break;
                }
                if (Expired(parent, now) && parent.MayDelete)
                {
                    because[parent.Id] = $"base of kept archive {child.Id}";
                }
            }
        }

        var delete = archives
            .Where(a => Expired(a, now) && a.MayDelete && !kept.Contains(a.Id))
            .OrderByDescending(a => Depth(a, byId))
            .ThenBy(a => a.Id, StringComparer.Ordinal)
            .Select(a => a.Id)
            .ToList();
        return new RetentionPlan(delete, because);
    }

    private static bool Expired(RetentionItem archive, DateTimeOffset now) => archive.Expiry is { } expiry && expiry <= now;

    /// <summary>How many bases lie below the archive in this pool: an archive is always deeper than its base.</summary>
    private static int Depth(RetentionItem archive, Dictionary<string, RetentionItem> byId)
    {
        var depth = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal) { archive.Id };
        for (var current = archive; current.Base is { } baseId && byId.TryGetValue(baseId, out var parent) && seen.Add(parent.Id); current = parent)
        {
            depth++;
        }
        return depth;
    }
}
