namespace RuBackup.Server.Api;

/// <summary>The strategies routes (issue 5; see ApiRoutes).</summary>
public static class StrategiesApi
{
    public static IEndpointRouteBuilder MapStrategiesApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app;
    }
}
