using RuBackup.Api;
using RuBackup.Server.Auth;
using RuBackup.Server.Services;

namespace RuBackup.Server.Api;

/// <summary>Client registration and key login (anonymous), and the administrators' view of clients.</summary>
public static class ClientsApi
{
    public static IEndpointRouteBuilder MapClientsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(ApiRoutes.ClientRegister, (ClientRegistration request, ClientService service, CancellationToken ct) =>
            service.RegisterAsync(request, ct)).AllowAnonymous().WithTags("clients");
        app.MapPost(ApiRoutes.ClientChallenge, (ClientChallengeRequest request, ClientService service, CancellationToken ct) =>
            service.ChallengeAsync(request, ct)).AllowAnonymous().WithTags("clients");
        app.MapPost(ApiRoutes.ClientToken, (ClientTokenRequest request, ClientService service, CancellationToken ct) =>
            service.TokenAsync(request, ct)).AllowAnonymous().WithTags("clients");

        var clients = app.MapGroup(ApiRoutes.Clients).WithTags("clients");
        clients.MapGet("", (string? status, ClientService service, CancellationToken ct) => service.ListAsync(status, ct))
            .RequireAuthorization(Roles.Read);
        clients.MapGet("/{id:long}", (long id, ClientService service, CancellationToken ct) => service.GetAsync(id, ct))
            .RequireAuthorization(Roles.Read);
        clients.MapPatch("/{id:long}", (long id, UpdateClientRequest request, HttpContext context, ClientService service, CancellationToken ct) =>
            service.UpdateAsync(context.User.Caller(), id, request, ct)).RequireAuthorization(Roles.Admin);
        clients.MapPost("/{id:long}/authorize", (long id, HttpContext context, ClientService service, CancellationToken ct) =>
            service.AuthorizeAsync(context.User.Caller(), id, ct)).RequireAuthorization(Roles.Admin);
        clients.MapPost("/{id:long}/revoke", (long id, HttpContext context, ClientService service, CancellationToken ct) =>
            service.RevokeAsync(context.User.Caller(), id, ct)).RequireAuthorization(Roles.Admin);
        clients.MapDelete("/{id:long}", async (long id, HttpContext context, ClientService service, CancellationToken ct) =>
        {
            await service.DeleteAsync(context.User.Caller(), id, ct).ConfigureAwait(false);
            return Results.NoContent();
        }).RequireAuthorization(Roles.Admin);
        clients.MapGet("/{id:long}/resources", (long id, ClientService service, CancellationToken ct) => service.ResourcesAsync(id, ct))
            .RequireAuthorization(Roles.Read);
        return app;
    }
}
