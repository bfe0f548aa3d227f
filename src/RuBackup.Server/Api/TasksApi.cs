using RuBackup.Api;
using RuBackup.Server.Auth;
using RuBackup.Server.Tasks;

namespace RuBackup.Server.Api;

public static class TasksApi
{
    public static IEndpointRouteBuilder MapTasksApi(this IEndpointRouteBuilder app)
    {
        var tasks = app.MapGroup(ApiRoutes.Tasks).WithTags("tasks");
        tasks.MapGet("", (string? state, string? client, string? limit, TaskService service, CancellationToken ct) =>
            service.ListAsync(state, client, Query.Int(limit, "limit"), ct)).RequireAuthorization(Roles.Read);
        tasks.MapGet("/{id:long}", (long id, TaskService service, CancellationToken ct) => service.GetAsync(id, ct)).RequireAuthorization(Roles.Read);
        tasks.MapGet("/{id:long}/log", (long id, string? after, TaskService service, CancellationToken ct) =>
            service.LogAsync(id, Query.Int(after, "after"), ct)).RequireAuthorization(Roles.Read);
        tasks.MapPost("/{id:long}/cancel", (long id, HttpContext context, TaskService service, CancellationToken ct) =>
            service.CancelAsync(context.User.Caller(), id, ct)).RequireAuthorization(Roles.Operate);
        return app;
    }
}
