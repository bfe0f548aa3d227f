using RuBackup.Api;
using RuBackup.Server.Archives;
using RuBackup.Server.Auth;

namespace RuBackup.Server.Api;

public static class ArchivesApi
{
    public static IEndpointRouteBuilder MapArchivesApi(this IEndpointRouteBuilder app)
    {
        var archives = app.MapGroup(ApiRoutes.Archives).WithTags("archives");
        archives.MapGet("", (string? client, string? resource, ArchiveService service, CancellationToken ct) =>
            service.ListAsync(client, resource, ct)).RequireAuthorization(Roles.Read);
        archives.MapGet("/{id}", (string id, ArchiveService service, CancellationToken ct) => service.GetAsync(id, ct)).RequireAuthorization(Roles.Read);
        archives.MapPost("/{id}/restore", (string id, RestoreRequest request, HttpContext context, ArchiveService service, CancellationToken ct) =>
            service.RestoreAsync(context.User.Caller(), id, request, ct)).RequireAuthorization(Roles.Operate);
        archives.MapPost("/{id}/verify", (string id, HttpContext context, ArchiveService service, CancellationToken ct) =>
            service.VerifyAsync(context.User.Caller(), id, ct)).RequireAuthorization(Roles.Operate);
        archives.MapDelete("/{id}", (string id, HttpContext context, ArchiveService service, CancellationToken ct) =>
            service.DeleteAsync(context.User.Caller(), id, ct)).RequireAuthorization(Roles.Admin);
        return app;
    }
}
