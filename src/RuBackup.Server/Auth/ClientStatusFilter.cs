using RuBackup.Api;

namespace RuBackup.Server.Auth;

/// <summary>
/// Guards every /api/v1/client/* call: a client that is not (or no longer) authorized gets 403
/// "client NAME is not authorized". The status comes from the catalog on each request (the handler
/// loads it), so authorizing or revoking takes effect on the next call.
/// </summary>
public static class ClientStatusFilter
{
    public static TBuilder RequireAuthorizedClient<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.RequireAuthorization(Roles.ClientSelf);
        return builder.AddEndpointFilter(async (invocation, next) =>
        {
            var caller = invocation.HttpContext.User.Caller();
            if (caller.ClientStatus != ClientStatus.Authorized)
            {
                return Results.Json(new ApiError(NotAuthorized(caller.Name)), statusCode: StatusCodes.Status403Forbidden);
            }
            return await next(invocation).ConfigureAwait(false);
        });
    }

    public static string NotAuthorized(string clientName) => $"client {clientName} is not authorized";
}
