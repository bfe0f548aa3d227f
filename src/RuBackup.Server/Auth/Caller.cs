using System.Globalization;
using System.Security.Claims;
using RuBackup.Api;

namespace RuBackup.Server.Auth;

public static class CallerClaims
{
    public const string Subject = "rubackup:subject";
    public const string ClientId = "rubackup:client-id";
    public const string ClientStatus = "rubackup:client-status";
}

/// <summary>Who made a request, as the handlers and the audit log need it.</summary>
public sealed record Caller(string Name, string Role, long? ClientId, ClientStatus? ClientStatus)
{
    public bool IsClient => ClientId is not null;

    public bool IsAdmin => Role == Roles.Superuser || Role == Roles.Administrator;

    public bool IsSuperuser => Role == Roles.Superuser;

    /// <summary>The audit log's actor: a user name, or "client:NAME".</summary>
    public string Actor => IsClient ? "client:" + Name : Name;

    public string Describe() => IsClient ? $"client {Name}" : $"{Role.ToLowerInvariant()} {Name}";
}

public static class CallerExtensions
{
    public static Caller Caller(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var name = principal.FindFirstValue(ClaimTypes.Name) ?? "anonymous";
        var role = principal.FindFirstValue(ClaimTypes.Role) ?? "none";
        long? clientId = principal.FindFirstValue(CallerClaims.ClientId) is { } id ? long.Parse(id, CultureInfo.InvariantCulture) : null;
        ClientStatus? status = principal.FindFirstValue(CallerClaims.ClientStatus) is { } s ? Enum.Parse<ClientStatus>(s) : null;
        return new Caller(name, role, clientId, status);
    }

    /// <summary>The authorized client behind a request that passed <see cref="ClientStatusFilter"/>.</summary>
    public static long ClientId(this ClaimsPrincipal principal) =>
        principal.Caller().ClientId ?? throw new InvalidOperationException("not a client's request");
}
