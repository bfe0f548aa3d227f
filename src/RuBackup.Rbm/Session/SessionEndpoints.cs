using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RuBackup.Api;
using RuBackup.Client.Api;

namespace RuBackup.Rbm.Session;

/// <summary>
/// Sign-in, sign-out and the language switch: plain form posts and redirects, because only the server
/// can set an HttpOnly cookie. The token cookie is SameSite=Strict, so another site cannot make the
/// browser use it; that is also why these posts need no antiforgery token.
/// </summary>
public static class SessionEndpoints
{
    public const string LoginPath = "/session/login";
    public const string LogoutPath = "/session/logout";
    public const string LanguagePath = "/session/language";

    public static IEndpointRouteBuilder MapRbmSessionApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(LoginPath, LoginAsync).AllowAnonymous().DisableAntiforgery();
        app.MapPost(LogoutPath, LogoutAsync).AllowAnonymous().DisableAntiforgery();
        app.MapGet(LanguagePath, SetLanguage).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> LoginAsync(HttpContext context, LoopbackApi loopback)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var back = LocalPath(form["return"]);
        using var api = loopback.For(null);
        TokenResponse token;
        try
        {
            token = await api.LoginAsync(new LoginRequest(form["user"].ToString(), form["password"].ToString()), context.RequestAborted).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.StatusCode is >= 400 and < 500)
        {
            return Results.Redirect($"/login?failed=1&return={Uri.EscapeDataString(back)}");
        }
        context.Response.Cookies.Append(SessionCookies.Token, token.Token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Expires = token.ExpiresAt,
            Path = "/",
        });
        return Results.Redirect(back);
    }

    private static async Task<IResult> LogoutAsync(HttpContext context, LoopbackApi loopback)
    {
        if (context.Request.Cookies[SessionCookies.Token] is { Length: > 0 } token)
        {
            using var api = loopback.For(token);
            try
            {
                await api.LogoutAsync(context.RequestAborted).ConfigureAwait(false);
            }
            catch (ApiException)
            {
                // Already expired or revoked: forgetting the cookie is all that is left to do.
            }
        }
        context.Response.Cookies.Delete(SessionCookies.Token, new CookieOptions { Path = "/" });
        return Results.Redirect("/login");
    }

    private static IResult SetLanguage(HttpContext context, string? set, string? @return)
    {
        if (set is "en" or "ru")
        {
            context.Response.Cookies.Append(SessionCookies.Language, set, new CookieOptions
            {
                SameSite = SameSiteMode.Lax,
                Expires = DateTimeOffset.UtcNow.AddYears(1),
                Path = "/",
            });
        }
        return Results.Redirect(LocalPath(@return));
    }

    /// <summary>Only a path of this site: an open redirect to another host would help phishing.</summary>
    private static string LocalPath(string? path) =>
        path is { Length: > 0 } && path[0] == '/' && !path.StartsWith("//", StringComparison.Ordinal) && !path.StartsWith("/\\", StringComparison.Ordinal)
            ? path
            : "/";
}
