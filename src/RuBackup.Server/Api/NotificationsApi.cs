using RuBackup.Api;
using RuBackup.Server.Auth;
using RuBackup.Server.Notifications;

namespace RuBackup.Server.Api;

/// <summary>The notifications routes (issue 5; see ApiRoutes): the outbox for those who audit, test messages for administrators.</summary>
public static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var notifications = app.MapGroup(ApiRoutes.Notifications).WithTags("notifications");
        notifications.MapGet("", (string? state, string? limit, NotificationService service, CancellationToken ct) =>
            service.ListAsync(state, Query.Int(limit, "limit"), ct)).RequireAuthorization(Roles.Audit);
        notifications.MapPost("/test", (TestNotificationRequest? request, HttpContext context, NotificationService service, CancellationToken ct) =>
            service.TestAsync(context.User.Caller(), request, ct)).RequireAuthorization(Roles.Admin);
        return app;
    }
}
