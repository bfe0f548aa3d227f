using Cronos;
using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Repository.Crypto;
using RuBackup.Server.Api;

namespace RuBackup.Server.Rules;

/// <summary>
/// Checks a rule's settings against the catalog; the first fault is a 400 naming the JSON field.
/// </summary>
public sealed class RuleValidator(ICatalog catalog)
{
    public const string ResourceType = "rustack";
    public const int MaxNameLength = 128;

    public const string NoEncryption = "nocrypt";

    /// <summary>
    /// The protective transformations a rule may name, as stored: none, AES-256-GCM, and each
    /// (algorithm, key length) of the document's Table 1 by its label ("kuznyechik-256").
    /// </summary>
    public static readonly IReadOnlyList<string> Encryptions = [NoEncryption, .. ChunkAlgorithm.All.Select(a => a.Name)];

    /// <summary>
    /// The stored spelling of a name the module accepts ("Kuznyechik" and "KUZNYECHIK-256" become
    /// "kuznyechik-256"), so the client passes on exactly what the list shows; anything else unchanged,
    /// for <see cref="ValidateAsync"/> to refuse.
    /// </summary>
    public static string NormalizeEncryption(string encryption)
    {
        ArgumentNullException.ThrowIfNull(encryption);
        if (string.Equals(encryption.Trim(), NoEncryption, StringComparison.OrdinalIgnoreCase))
        {
            return NoEncryption;
        }
        return ChunkAlgorithm.TryParse(encryption, out var algorithm) ? algorithm.Name : encryption;
    }

    public async Task ValidateAsync(RuleSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrWhiteSpace(settings.Name) || settings.Name.Length > MaxNameLength || settings.Name.Any(char.IsControl))
        {
            throw Bad("name", $"the rule needs a name of 1 to {MaxNameLength} printable characters");
        }
        if ((settings.Client is null) == (settings.ClientGroup is null))
        {
            throw Bad("client", "give exactly one of client and clientGroup");
        }
        if (settings.Client is { } clientName)
        {
            var client = await catalog.FindClientByNameAsync(clientName, cancellationToken).ConfigureAwait(false)
                ?? throw Bad("client", $"no client named '{clientName}'");
            if (client.Info.Status != ClientStatus.Authorized)
            {
                throw Bad("client", $"client {clientName} is not authorized");
            }
        }
        else if (string.IsNullOrWhiteSpace(settings.ClientGroup))
        {
            throw Bad("clientGroup", "the client group must not be empty");
        }
        if (settings.ResourceType != ResourceType)
        {
            throw Bad("resourceType", $"resource type '{settings.ResourceType}' is not supported (only '{ResourceType}')");
        }
        if (string.IsNullOrWhiteSpace(settings.Resource))
        {
            throw Bad("resource", "the resource (the VM's id from the client's list) is required");
        }
        if (string.IsNullOrWhiteSpace(settings.Pool) || await catalog.FindPoolAsync(settings.Pool, cancellationToken).ConfigureAwait(false) is null)
        {
            throw Bad("pool", $"no pool named '{settings.Pool}'");
        }
        if (!Enum.IsDefined(settings.BackupType))
        {
            throw Bad("backupType", "backupType must be Full, Incremental or Differential");
        }
        if (!CronExpression.TryParse(settings.Schedule ?? "", CronFormat.Standard, out _))
        {
            throw Bad("schedule", $"'{settings.Schedule}' is not a cron expression of five fields (minute hour day month weekday)");
        }
        if (settings.MaxVolumeGb is <= 0 or double.NaN or double.PositiveInfinity)
        {
            throw Bad("maxVolumeGb", "maxVolumeGb must be a positive number of GB");
        }
        if (settings.RetentionDays < 1)
        {
            throw Bad("retentionDays", "retentionDays must be at least 1");
        }
        if (settings.VerifyEveryDays is < 1)
        {
            throw Bad("verifyEveryDays", "verifyEveryDays must be at least 1 when set");
        }
        if (!Encryptions.Contains(settings.Encryption))
        {
            throw Bad("encryption",
                $"'{settings.Encryption}' is not a known protective transformation: give {NoEncryption}, {ChunkAlgorithm.Aes256GcmName}, " +
                $"or an algorithm of the document's table with its key bits or alone (kuznyechik-256, twofish-128, threefish-1024, Kuznyechik); " +
                $"known: {string.Join(", ", Encryptions)}");
        }
        if (!string.IsNullOrEmpty(settings.ScriptAfterBackup))
        {
            CheckScriptAfterBackup(settings.ScriptAfterBackup);
        }
        if (!Enum.IsDefined(settings.OnExpiry))
        {
            throw Bad("onExpiry", "onExpiry must be Delete or Notify");
        }
        if (settings.MoveToPool is { } target)
        {
            if (await catalog.FindPoolAsync(target, cancellationToken).ConfigureAwait(false) is null)
            {
                throw Bad("moveToPool", $"no pool named '{target}'");
            }
            if (target == settings.Pool)
            {
                throw Bad("moveToPool", "moveToPool must differ from the rule's pool");
            }
            if (settings.MoveAfterDays is not >= 1)
            {
                throw Bad("moveAfterDays", "moveAfterDays (at least 1) is required with moveToPool");
            }
        }
        else if (settings.MoveAfterDays is not null)
        {
            throw Bad("moveToPool", "moveAfterDays needs moveToPool");
        }
        if ((settings.Notify ?? []).Any(string.IsNullOrWhiteSpace))
        {
            throw Bad("notify", "notification addresses must not be empty");
        }
        if ((settings.Notify ?? []).FirstOrDefault(a => Notifications.NotifyAddress.ChannelOf(a) is null) is { } badAddress)
        {
            throw Bad("notify", Notifications.NotifyAddress.Refusal(badAddress));
        }
    }

    /// <summary>
    /// The client runs the path as a program itself (no shell), so it must be absolute: a relative one
    /// would depend on the daemon's working folder. A control character (a newline, NUL) cannot be in a
    /// program path the client may exec, and would break the task log and config lines that show it.
    /// </summary>
    private static void CheckScriptAfterBackup(string path)
    {
        if (path.Any(char.IsControl))
        {
            throw Bad("scriptAfterBackup", "scriptAfterBackup must not contain control characters (newline, NUL, tab)");
        }
        if (!path.StartsWith('/'))
        {
            throw Bad("scriptAfterBackup", $"scriptAfterBackup must be an absolute path of a program on the client host (starting with /), not '{path}'");
        }
    }

    private static ApiException Bad(string field, string message) => ApiException.BadRequest(field, message);
}
