using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using RuBackup.Api;
using RuBackup.Catalog;

namespace RuBackup.Server.Auth;

/// <summary>
/// Authenticates "Authorization: Bearer TOKEN" against the catalog on every request, and loads the
/// user or client behind it fresh each time: a disabled user, a deleted client or a revoked client's
/// status shows on the very next call. Challenges and refusals answer with an <see cref="ApiError"/> body.
/// </summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TokenService tokens,
    ICatalog catalog) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    private const string FailureKey = "rubackup.auth.failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var cancellationToken = Context.RequestAborted;
        var record = await tokens.ValidateAsync(header["Bearer ".Length..].Trim(), cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return Fail("the token is invalid or has expired; sign in again");
        }
        var identity = new ClaimsIdentity(SchemeName);
        identity.AddClaim(new Claim(CallerClaims.Subject, record.Subject));
        if (record.Subject.StartsWith("user:", StringComparison.Ordinal))
        {
            var user = await catalog.FindUserAsync(record.Subject["user:".Length..], cancellationToken).ConfigureAwait(false);
            if (user is null || user.Disabled)
            {
                return Fail("the token's user is disabled or deleted");
            }
            identity.AddClaim(new Claim(ClaimTypes.Name, user.Name));
            identity.AddClaim(new Claim(ClaimTypes.Role, user.Role.ToString()));
        }
        else if (record.Subject.StartsWith("client:", StringComparison.Ordinal)
            && long.TryParse(record.Subject["client:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var clientId))
        {
            var client = await catalog.FindClientAsync(clientId, cancellationToken).ConfigureAwait(false);
            if (client is null)
            {
                return Fail("the token's client is deleted");
            }
            identity.AddClaim(new Claim(ClaimTypes.Name, client.Info.Name));
            identity.AddClaim(new Claim(ClaimTypes.Role, Roles.Client));
            identity.AddClaim(new Claim(CallerClaims.ClientId, clientId.ToString(CultureInfo.InvariantCulture)));
            identity.AddClaim(new Claim(CallerClaims.ClientStatus, client.Info.Status.ToString()));
        }
        else
        {
            return Fail("the token's subject is unknown");
        }
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private AuthenticateResult Fail(string message)
    {
        Context.Items[FailureKey] = message;
        return AuthenticateResult.Fail(message);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var message = Context.Items[FailureKey] as string ?? "credentials are required: send Authorization: Bearer TOKEN";
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Response.WriteAsJsonAsync(new ApiError(message));
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var who = Context.User.Caller();
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Response.WriteAsJsonAsync(new ApiError($"{who.Describe()} may not {Request.Method} {Request.Path}"));
    }
}
