using Cronos;
using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Server.Api;

namespace RuBackup.Server.Rules;

/// <summary>
/// Checks a rule's settings against the catalog; the first fault is a 400 naming the JSON field.
/// </summary>
public sealed class RuleValidator(ICatalog catalog)
{
    public const string ResourceType = "rustack";
    public const int MaxNameLength = 128;

    /// <summary>Algorithms of the protective transformation known so far (issue 7 adds the document's table).</summary>
    public static readonly IReadOnlyList<string> Encryptions = ["nocrypt", "aes-256-gcm"];

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
            throw Bad("encryption", $"'{settings.Encryption}' is not a known protective transformation ({string.Join(", ", Encryptions)})");
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

    private static ApiException Bad(string field, string message) => ApiException.BadRequest(field, message);
}
