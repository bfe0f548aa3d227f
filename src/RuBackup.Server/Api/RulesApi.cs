using RuBackup.Api;
using RuBackup.Server.Auth;
using RuBackup.Server.Rules;

namespace RuBackup.Server.Api;

/// <summary>Rules: administrators configure them; operators pause, resume and run them now.</summary>
public static class RulesApi
{
    public static IEndpointRouteBuilder MapRulesApi(this IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup(ApiRoutes.Rules).WithTags("rules");
        rules.MapGet("", (RuleService service, CancellationToken ct) => service.ListAsync(ct)).RequireAuthorization(Roles.Read);
        rules.MapGet("/{id:long}", (long id, RuleService service, CancellationToken ct) => service.GetAsync(id, ct)).RequireAuthorization(Roles.Read);
        rules.MapPost("", (RuleSettings settings, HttpContext context, RuleService service, CancellationToken ct) =>
            service.CreateAsync(context.User.Caller(), settings, ct)).RequireAuthorization(Roles.Admin);
        rules.MapPut("/{id:long}", (long id, RuleSettings settings, HttpContext context, RuleService service, CancellationToken ct) =>
            service.UpdateAsync(context.User.Caller(), id, settings, ct)).RequireAuthorization(Roles.Admin);
        rules.MapDelete("/{id:long}", async (long id, HttpContext context, RuleService service, CancellationToken ct) =>
        {
            await service.DeleteAsync(context.User.Caller(), id, ct).ConfigureAwait(false);
            return Results.NoContent();
        }).RequireAuthorization(Roles.Admin);
        rules.MapPost("/{id:long}/pause", (long id, HttpContext context, RuleService service, CancellationToken ct) =>
            service.PauseAsync(context.User.Caller(), id, ct)).RequireAuthorization(Roles.Operate);
        rules.MapPost("/{id:long}/resume", (long id, HttpContext context, RuleService service, CancellationToken ct) =>
            service.ResumeAsync(context.User.Caller(), id, ct)).RequireAuthorization(Roles.Operate);
        rules.MapPost("/{id:long}/run", (long id, string? type, HttpContext context, RuleService service, CancellationToken ct) =>
            service.RunNowAsync(context.User.Caller(), id, type, ct)).RequireAuthorization(Roles.Operate);
        return app;
    }
}
