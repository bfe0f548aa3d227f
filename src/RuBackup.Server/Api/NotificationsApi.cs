namespace RuBackup.Server.Api;

/// <summary>The notifications routes (issue 5; see ApiRoutes).</summary>
public static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app;
    }
}
