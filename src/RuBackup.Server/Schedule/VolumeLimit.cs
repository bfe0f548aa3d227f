using System.Globalization;
using RuBackup.Api;
using RuBackup.Catalog;

namespace RuBackup.Server.Schedule;

/// <summary>
/// A rule's maximum volume (Settings.MaxVolumeGb, GB of 2^30 bytes) against what its archives hold
/// (the sum of their stored bytes, in every pool). Checked twice: when a backup task is made (already
/// full: the task ends in error at once) and while its session writes chunks (the pool budget).
/// </summary>
public static class VolumeLimit
{
    public const long BytesPerGb = 1L << 30;

    public static long? LimitBytes(RuleSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.MaxVolumeGb is { } gb ? (long)Math.Floor(gb * BytesPerGb) : null;
    }

    public static async Task<long> HeldBytesAsync(ICatalog catalog, long ruleId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var archives = await catalog.ListArchivesAsync(new ArchiveQuery(RuleId: ruleId), cancellationToken).ConfigureAwait(false);
        return archives.Sum(a => a.StoredBytes);
    }

    /// <summary>Why the rule's backup cannot go on with <paramref name="bytes"/> held; the same words at both checks.</summary>
    public static string Exceeded(RuleInfo rule, long bytes, long limit)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return string.Create(CultureInfo.InvariantCulture,
            $"rule {rule.Id} ({rule.Settings.Name}) would exceed its maximum volume: its archives hold {bytes} bytes, the limit is {limit} bytes ({rule.Settings.MaxVolumeGb} GB)");
    }
}
