using RuBackup.Api;
using RuBackup.Tools.Admin;

namespace RuBackup.Client.Tests;

/// <summary>rb_admin notifications list|test against a fake server.</summary>
public sealed class NotificationCommandTests
{
    private static async Task<ToolHarness> LoggedInAsync()
    {
        var h = await ToolHarness.StartAsync();
        h.Set(AdminContext.TokenVariable, FakeServer.UserToken).Set(AdminContext.ServerVariable, h.Server.Url.ToString());
        return h;
    }

    [Fact]
    public async Task NotificationsList_StateFailed_QueryAndTableWithLastError()
    {
        await using var h = await LoggedInAsync();
        h.Server.On("GET", ApiRoutes.Notifications, new[]
        {
            new NotificationInfo
            {
                Id = 7, Created = DateTimeOffset.UtcNow, Event = NotifyEvent.Failure, RuleId = 3, TaskId = 17, Address = "ops@example.org",
                Channel = NotificationChannel.Email, Subject = "[RuBackup] failure: rule web-1", Body = "…", State = NotificationState.Failed,
                Attempts = 1, LastError = "no SMTP server configured (--smtp)",
            },
        });

        var exit = await h.RunAsync(AdminTool.RunAsync, "notifications", "list", "--state", "failed");

        Assert.Equal(0, exit);
        Assert.Equal("?state=failed", h.Server.RequestsTo("GET", ApiRoutes.Notifications).Single().Query);
        Assert.Matches(@"7\s+\S+ \S+\s+failure\s+3\s+17\s+ops@example.org\s+failed\s+1\s+no SMTP server configured \(--smtp\)", h.Out);
    }

    [Fact]
    public async Task NotificationsTest_NotDelivered_ErrorAndExit1()
    {
        await using var h = await LoggedInAsync();
        h.Server.On("POST", ApiRoutes.NotificationsTest, r =>
            (200, new TestNotificationResult(r.Json<TestNotificationRequest>().Address, NotificationChannel.Email, false, "SMTP server mail:25: 535 authentication failed")));

        var exit = await h.RunAsync(AdminTool.RunAsync, "notifications", "test", "ops@example.org");

        Assert.Equal(1, exit);
        Assert.Equal("test e-mail to ops@example.org not delivered: SMTP server mail:25: 535 authentication failed\n", h.Out);
    }

    [Fact]
    public async Task NotificationsTest_Delivered_Exit0()
    {
        await using var h = await LoggedInAsync();
        h.Server.On("POST", ApiRoutes.NotificationsTest, new TestNotificationResult("https://hooks.example.org/x", NotificationChannel.Webhook, true, null));

        Assert.Equal(0, await h.RunAsync(AdminTool.RunAsync, "notifications", "test", "https://hooks.example.org/x"));
        Assert.Equal("test webhook to https://hooks.example.org/x delivered\n", h.Out);
    }
}
