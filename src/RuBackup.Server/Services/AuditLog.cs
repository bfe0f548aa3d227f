using RuBackup.Catalog;
using RuBackup.Server.Auth;

namespace RuBackup.Server.Services;

/// <summary>
/// Records every change: who (user name, "client:NAME" or "server"), what ("rule.create"), on which
/// object, and optional details. Callers pass names and settings, never passwords, tokens or keys.
/// </summary>
public sealed class AuditLog(ICatalog catalog, TimeProvider time)
{
    public const string ServerActor = "server";

    public Task RecordAsync(Caller caller, string action, string target, string? details, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return RecordAsync(caller.Actor, action, target, details, cancellationToken);
    }

    public Task RecordAsync(string actor, string action, string target, string? details, CancellationToken cancellationToken) =>
        catalog.AppendAuditAsync(time.GetUtcNow(), actor, action, target, details, cancellationToken);
}
