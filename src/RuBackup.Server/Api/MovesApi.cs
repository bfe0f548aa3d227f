using RuBackup.Api;
using RuBackup.Server.Auth;
using RuBackup.Server.Moves;

namespace RuBackup.Server.Api;

/// <summary>The moves routes (issue 5; see ApiRoutes).</summary>
public static class MovesApi
{
    public static IEndpointRouteBuilder MapMovesApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost(ApiRoutes.Archives + "/{id}/move", (string id, string? pool, HttpContext context, MoveService service, CancellationToken ct) =>
            service.MoveAsync(context.User.Caller(), id, pool, ct)).WithTags("archives").RequireAuthorization(Roles.Admin);
        app.MapPost(ApiRoutes.Pools + "/{name}/gc", (string name, HttpContext context, PoolGarbageCollection service, CancellationToken ct) =>
            service.CollectAsync(context.User.Caller(), name, ct)).WithTags("pools").RequireAuthorization(Roles.Admin);
        return app;
    }
}
