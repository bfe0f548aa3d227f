using RuBackup.Api;
using RuBackup.Server.Auth;
using RuBackup.Server.Strategies;

namespace RuBackup.Server.Api;

/// <summary>The strategies routes (issue 5; see ApiRoutes): roles as for rules.</summary>
public static class StrategiesApi
{
    public static IEndpointRouteBuilder MapStrategiesApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var strategies = app.MapGroup(ApiRoutes.Strategies).WithTags("strategies");
        strategies.MapGet("", (StrategyService service, CancellationToken ct) => service.ListAsync(ct)).RequireAuthorization(Roles.Read);
        strategies.MapGet("/{id:long}", (long id, StrategyService service, CancellationToken ct) => service.GetAsync(id, ct)).RequireAuthorization(Roles.Read);
        strategies.MapGet("/{id:long}/rules", (long id, StrategyService service, CancellationToken ct) => service.RulesAsync(id, ct)).RequireAuthorization(Roles.Read);
        strategies.MapPost("", (StrategySettings settings, HttpContext context, StrategyService service, CancellationToken ct) =>
            service.CreateAsync(context.User.Caller(), settings, ct)).RequireAuthorization(Roles.Admin);
        strategies.MapPut("/{id:long}", (long id, StrategySettings settings, HttpContext context, StrategyService service, CancellationToken ct) =>
            service.UpdateAsync(context.User.Caller(), id, settings, ct)).RequireAuthorization(Roles.Admin);
        strategies.MapDelete("/{id:long}", async (long id, string? rules, HttpContext context, StrategyService service, CancellationToken ct) =>
        {
            await service.DeleteAsync(context.User.Caller(), id, rules, ct).ConfigureAwait(false);
            return Results.NoContent();
        }).RequireAuthorization(Roles.Admin);
        strategies.MapPost("/{id:long}/pause", (long id, HttpContext context, StrategyService service, CancellationToken ct) =>
            service.PauseAsync(context.User.Caller(), id, ct)).RequireAuthorization(Roles.Operate);
        strategies.MapPost("/{id:long}/resume", (long id, HttpContext context, StrategyService service, CancellationToken ct) =>
            service.ResumeAsync(context.User.Caller(), id, ct)).RequireAuthorization(Roles.Operate);
        strategies.MapPost("/{id:long}/run", (long id, HttpContext context, StrategyService service, CancellationToken ct) =>
            service.RunNowAsync(context.User.Caller(), id, ct)).RequireAuthorization(Roles.Operate);
        return app;
    }
}
