using System.Globalization;
using System.Security.Cryptography;

namespace RuBackup.Rustack.Backup;

/// <summary>
/// How the module marks what it creates temporarily (docs/rustack-sim.md, "What the module marks"):
/// a `rubackup-tmp-` name and metadata naming the run and the source VM, so a later run can tell its
/// own leftovers from the user's resources and remove those of runs that died. A resource also names
/// the backup VM whose run made it (`rubackup_host`) and the server's task (`rubackup_task`): in a
/// cluster group the members share the project but not their run locks, so a member judges only its
/// own host's runs by lock, and another member's only when the server declared that task dead.
/// </summary>
public static class TemporaryResources
{
    public const string NamePrefix = "rubackup-tmp-";
    public const string TemporaryKey = "rubackup_temporary";
    public const string RunKey = "rubackup_run";
    public const string SourceKey = "rubackup_source";
    public const string HostKey = "rubackup_host";
    public const string TaskKey = "rubackup_task";

    public static string NewRunId(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    }

    /// <param name="hostVmId">The backup VM the run works on (its run lock lives on that host).</param>
    /// <param name="taskId">The server's task the run belongs to, when a client runs it for one.</param>
    public static Dictionary<string, string> Metadata(string runId, string sourceVmId, string? hostVmId = null, string? taskId = null)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [TemporaryKey] = "true",
            [RunKey] = runId,
            [SourceKey] = sourceVmId,
        };
        if (!string.IsNullOrEmpty(hostVmId))
        {
            metadata[HostKey] = hostVmId;
        }
        if (!string.IsNullOrEmpty(taskId))
        {
            metadata[TaskKey] = taskId;
        }
        return metadata;
    }

    public static string Name(string runId, string kind, string volumeId) => $"{NamePrefix}{runId}-{kind}-{volumeId}";

    /// <summary>True for a resource this module made, whatever run made it.</summary>
    public static bool IsTemporary(string? name, IReadOnlyDictionary<string, string>? metadata) =>
        name is not null && name.StartsWith(NamePrefix, StringComparison.Ordinal)
        && metadata is not null && metadata.TryGetValue(TemporaryKey, out var flag) && flag == "true"
        && metadata.ContainsKey(RunKey);

    public static string? RunOf(IReadOnlyDictionary<string, string>? metadata) => Value(metadata, RunKey);

    /// <summary>The backup VM whose run made it; null for resources of older module versions (taken as this host's).</summary>
    public static string? HostOf(IReadOnlyDictionary<string, string>? metadata) => Value(metadata, HostKey);

    public static string? TaskOf(IReadOnlyDictionary<string, string>? metadata) => Value(metadata, TaskKey);

    private static string? Value(IReadOnlyDictionary<string, string>? metadata, string key) =>
        metadata is not null && metadata.TryGetValue(key, out var value) ? value : null;
}
