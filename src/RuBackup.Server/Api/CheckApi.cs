using RuBackup.Api;
using RuBackup.Server.Archives;
using RuBackup.Server.Auth;

namespace RuBackup.Server.Api;

public static class CheckApi
{
    public static IEndpointRouteBuilder MapCheckApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(ApiRoutes.Check, (CheckService service, CancellationToken ct) => service.CheckAsync(ct))
            .WithTags("archives").RequireAuthorization(Roles.Audit);
        return app;
    }
}
