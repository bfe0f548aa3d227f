using RuBackup.Api;
using RuBackup.Server.Auth;
using RuBackup.Server.Pools;

namespace RuBackup.Server.Api;

public static class PoolsApi
{
    public static IEndpointRouteBuilder MapPoolsApi(this IEndpointRouteBuilder app)
    {
        var pools = app.MapGroup(ApiRoutes.Pools).WithTags("pools");
        pools.MapGet("", (PoolService service, CancellationToken ct) => service.ListAsync(ct)).RequireAuthorization(Roles.Read);
        pools.MapPost("", (CreatePoolRequest request, HttpContext context, PoolService service, CancellationToken ct) =>
            service.CreateAsync(context.User.Caller(), request, ct)).RequireAuthorization(Roles.Admin);
        pools.MapDelete("/{name}", async (string name, HttpContext context, PoolService service, CancellationToken ct) =>
        {
            await service.DeleteAsync(context.User.Caller(), name, ct).ConfigureAwait(false);
            return Results.NoContent();
        }).RequireAuthorization(Roles.Admin);
        return app;
    }
}
