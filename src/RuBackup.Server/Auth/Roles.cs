using Microsoft.AspNetCore.Authorization;
using RuBackup.Api;

namespace RuBackup.Server.Auth;

/// <summary>
/// Role claims and the policies of ApiRoutes' table: S superuser, A administrator, O operator,
/// R auditor, C an authorized client. A client's authorization status is checked per call by
/// <see cref="ClientStatusFilter"/>, not by the policy, so a revocation takes effect at once.
/// </summary>
public static class Roles
{
    public const string Client = "Client";
    public static readonly string Superuser = nameof(UserRole.Superuser);
    public static readonly string Administrator = nameof(UserRole.Administrator);
    public static readonly string Operator = nameof(UserRole.Operator);
    public static readonly string Auditor = nameof(UserRole.Auditor);

    /// <summary>S A: configuration.</summary>
    public const string Admin = "admin";

    /// <summary>S A O: run and watch.</summary>
    public const string Operate = "operate";

    /// <summary>S A O R: read.</summary>
    public const string Read = "read";

    /// <summary>S A R: users, audit, check (operators run things, they do not audit).</summary>
    public const string Audit = "audit";

    /// <summary>Any signed-in user (not a client).</summary>
    public const string AnyUser = Read;

    /// <summary>A client's own calls.</summary>
    public const string ClientSelf = "client";

    public static void AddPolicies(AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddPolicy(Admin, p => p.RequireRole(Superuser, Administrator));
        options.AddPolicy(Operate, p => p.RequireRole(Superuser, Administrator, Operator));
        options.AddPolicy(Read, p => p.RequireRole(Superuser, Administrator, Operator, Auditor));
        options.AddPolicy(Audit, p => p.RequireRole(Superuser, Administrator, Auditor));
        options.AddPolicy(ClientSelf, p => p.RequireRole(Client));
        // Anything mapped without its own policy (the pool protocol's endpoints, unknown paths) still needs credentials.
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }
}
