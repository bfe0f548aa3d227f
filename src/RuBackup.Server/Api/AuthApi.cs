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
        return app;
    }
}
