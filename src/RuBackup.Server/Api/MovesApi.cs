namespace RuBackup.Server.Api;

/// <summary>The moves routes (issue 5; see ApiRoutes).</summary>
public static class MovesApi
{
    public static IEndpointRouteBuilder MapMovesApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app;
    }
}
