using RuBackup.Api;
using RuBackup.Server.Archives;
using RuBackup.Server.Auth;
using RuBackup.Server.Services;
using RuBackup.Server.Strategies;
using RuBackup.Server.Tasks;

namespace RuBackup.Server.Api;

/// <summary>
/// The client's own side: it reports resources, takes tasks by long poll, reports on them, and sees
/// and restores only its own archives. Every call needs an authorized client (403 otherwise).
/// </summary>
public static class ClientSelfApi
{
    public static IEndpointRouteBuilder MapClientSelfApi(this IEndpointRouteBuilder app)
    {
        var self = app.MapGroup(ApiRoutes.ClientSelf).WithTags("client").RequireAuthorizedClient();
        self.MapPost("/resources", async (ResourceReport report, HttpContext context, ClientService service, StrategyExpander strategies, CancellationToken ct) =>
        {
            await service.SaveResourcesAsync(context.User.ClientId(), report, ct).ConfigureAwait(false);
            await strategies.ClientReportedAsync(context.User.ClientId(), ct).ConfigureAwait(false);
            return Results.NoContent();
        });
        self.MapGet("/tasks/next", async (string? wait, HttpContext context, ClientTaskService service, CancellationToken ct) =>
        {
            var baseUrl = $"{context.Request.Scheme}://{context.Request.Host}";
            var assignment = await service.NextAsync(context.User.ClientId(), Query.Int(wait, "wait"), baseUrl, ct).ConfigureAwait(false);
            return assignment is null ? Results.NoContent() : Results.Ok(assignment);
        }).Produces<TaskAssignment>().Produces(StatusCodes.Status204NoContent);
        self.MapPost("/tasks/{id:long}/start", (long id, HttpContext context, ClientTaskService service, CancellationToken ct) =>
            service.StartAsync(context.User.ClientId(), id, ct));
        self.MapPost("/tasks/{id:long}/progress", async (long id, ProgressReport report, HttpContext context, ClientTaskService service, CancellationToken ct) =>
        {
            await service.ProgressAsync(context.User.ClientId(), id, report, ct).ConfigureAwait(false);
            return Results.NoContent();
        });
        self.MapPost("/tasks/{id:long}/log", async (long id, LogReport report, HttpContext context, ClientTaskService service, CancellationToken ct) =>
        {
            await service.LogAsync(context.User.ClientId(), id, report, ct).ConfigureAwait(false);
            return Results.NoContent();
        });
        self.MapPost("/tasks/{id:long}/heartbeat", async (long id, HttpContext context, ClientTaskService service, CancellationToken ct) =>
        {
            await service.HeartbeatAsync(context.User.ClientId(), id, ct).ConfigureAwait(false);
            return Results.NoContent();
        });
        self.MapPost("/tasks/{id:long}/finish", (long id, FinishReport report, HttpContext context, ClientTaskService service, CancellationToken ct) =>
            service.FinishAsync(context.User.ClientId(), id, report, ct));
        self.MapGet("/tasks", (string? state, HttpContext context, ClientTaskService service, CancellationToken ct) =>
            service.ListAsync(context.User.ClientId(), state, ct));
        self.MapGet("/tasks/{id:long}", (long id, HttpContext context, ClientTaskService service, CancellationToken ct) =>
            service.GetAsync(context.User.ClientId(), id, ct));
        self.MapGet("/tasks/{id:long}/log", (long id, string? after, HttpContext context, ClientTaskService service, CancellationToken ct) =>
            service.ReadLogAsync(context.User.ClientId(), id, Query.Int(after, "after"), ct));
        self.MapGet("/archives", (HttpContext context, ArchiveService service, CancellationToken ct) =>
            service.ListOwnAsync(context.User.ClientId(), ct));
        self.MapPost("/archives/{id}/restore", (string id, RestoreRequest request, HttpContext context, ArchiveService service, CancellationToken ct) =>
            service.RestoreOwnAsync(context.User.Caller(), id, request, ct));
        return app;
    }
}
