using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Server.Auth;
using RuBackup.Server.Services;

namespace RuBackup.Server.Api;

/// <summary>Users (and the audit log of their changes).</summary>
public static class UsersApi
{
    public const int DefaultAuditLimit = 100;
    public const int MaxAuditLimit = 10_000;

    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup(ApiRoutes.Users).WithTags("users");
        users.MapGet("", (UserService service, CancellationToken ct) => service.ListAsync(ct)).RequireAuthorization(Roles.Audit);
        users.MapPost("", (CreateUserRequest request, HttpContext context, UserService service, CancellationToken ct) =>
            service.CreateAsync(context.User.Caller(), request, ct)).RequireAuthorization(Roles.Admin);
        users.MapPatch("/{name}", (string name, UpdateUserRequest request, HttpContext context, UserService service, CancellationToken ct) =>
            service.UpdateAsync(context.User.Caller(), name, request, ct)).RequireAuthorization(Roles.Admin);
        users.MapDelete("/{name}", async (string name, HttpContext context, UserService service, CancellationToken ct) =>
        {
            await service.DeleteAsync(context.User.Caller(), name, ct).ConfigureAwait(false);
            return Results.NoContent();
        }).RequireAuthorization(Roles.Admin);

        app.MapGet(ApiRoutes.Audit, (string? limit, ICatalog catalog, CancellationToken ct) =>
        {
            var n = Query.Int(limit, "limit") ?? DefaultAuditLimit;
            if (n is < 1 or > MaxAuditLimit)
            {
                throw ApiException.BadRequest("limit", $"limit must be between 1 and {MaxAuditLimit}");
            }
            return catalog.ListAuditAsync(n, ct);
        }).WithTags("users").RequireAuthorization(Roles.Audit);
        return app;
    }
}
