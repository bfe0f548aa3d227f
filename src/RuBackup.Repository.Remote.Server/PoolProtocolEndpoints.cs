using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace RuBackup.Repository.Remote.Server;

/// <summary>The server half of the pool protocol (docs/format.md, "Pool protocol").</summary>
public static class PoolProtocolEndpoints
{
    /// <summary>
    /// Maps the pool protocol under <paramref name="pattern"/>. Every request first calls
    /// <paramref name="resolve"/>, which authenticates the caller and says what it may do, or throws
    /// <see cref="PoolAccessDeniedException"/> to refuse.
    /// </summary>
    public static RouteGroupBuilder MapPoolProtocol(this IEndpointRouteBuilder app, string pattern,
        Func<HttpContext, CancellationToken, Task<PoolAccess>> resolve)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(resolve);
        var group = app.MapGroup(pattern);
        return group;
    }
}
