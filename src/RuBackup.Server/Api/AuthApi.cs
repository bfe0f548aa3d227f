using RuBackup.Api;
using RuBackup.Server.Auth;
using RuBackup.Server.Services;

namespace RuBackup.Server.Api;

public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(ApiRoutes.Prefix + "/auth").WithTags("auth");
        group.MapPost("/login", (LoginRequest request, UserService users, CancellationToken ct) => users.LoginAsync(request, ct))
            .AllowAnonymous();
        group.MapPost("/logout", async (HttpContext context, TokenService tokens, CancellationToken ct) =>
        {
            string header = context.Request.Headers.Authorization!;
            await tokens.RevokeAsync(header["Bearer ".Length..].Trim(), ct).ConfigureAwait(false);
            return Results.NoContent();
        }).RequireAuthorization(Roles.AnyUser);
        // Who the token belongs to: the web console asks it when a page opens with a remembered token.
        group.MapGet("/me", (HttpContext context) =>
        {
            var caller = context.User.Caller();
            return new SessionInfo(caller.Name, caller.Role);
        }).RequireAuthorization(Roles.AnyUser);
        return app;
    }
}
