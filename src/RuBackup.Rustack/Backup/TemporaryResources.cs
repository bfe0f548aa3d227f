using System.Globalization;
using System.Security.Cryptography;

namespace RuBackup.Rustack.Backup;

/// <summary>
/// How the module marks what it creates temporarily (docs/rustack-sim.md, "What the module marks"):
/// a `rubackup-tmp-` name and metadata naming the run and the source VM, so a later run can tell its
/// own leftovers from the user's resources and remove those of runs that died.
/// </summary>
public static class TemporaryResources
{
    public const string NamePrefix = "rubackup-tmp-";
    public const string TemporaryKey = "rubackup_temporary";
    public const string RunKey = "rubackup_run";
    public const string SourceKey = "rubackup_source";

    public static string NewRunId(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    }

    public static Dictionary<string, string> Metadata(string runId, string sourceVmId) => new(StringComparer.Ordinal)
    {
        [TemporaryKey] = "true",
        [RunKey] = runId,
        [SourceKey] = sourceVmId,
    };

    public static string Name(string runId, string kind, string volumeId) => $"{NamePrefix}{runId}-{kind}-{volumeId}";

    /// <summary>True for a resource this module made, whatever run made it.</summary>
    public static bool IsTemporary(string? name, IReadOnlyDictionary<string, string>? metadata) =>
        name is not null && name.StartsWith(NamePrefix, StringComparison.Ordinal)
        && metadata is not null && metadata.TryGetValue(TemporaryKey, out var flag) && flag == "true"
        && metadata.ContainsKey(RunKey);

    public static string? RunOf(IReadOnlyDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue(RunKey, out var run) ? run : null;
}
