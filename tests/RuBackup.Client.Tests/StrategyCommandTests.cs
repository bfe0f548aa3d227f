using RuBackup.Api;
using RuBackup.Tools.Admin;

namespace RuBackup.Client.Tests;

public sealed class StrategyCommandTests
{
    private static async Task<ToolHarness> LoggedInAsync()
    {
        var h = await ToolHarness.StartAsync();
        h.Set(AdminContext.TokenVariable, FakeServer.UserToken).Set(AdminContext.ServerVariable, h.Server.Url.ToString());
        return h;
    }

    [Fact]
    public async Task StrategiesCreate_TemplateFlags_SettingsSent()
    {
        await using var h = await LoggedInAsync();
        h.Server.On("POST", ApiRoutes.Strategies, r => (200, new StrategyInfo(5, r.Json<StrategySettings>(), RuleStatus.Wait, DateTimeOffset.UtcNow, [7, 8])));

        var exit = await h.RunAsync(AdminTool.RunAsync, "strategies", "create", "--name", "web", "--client", "node-1", "--pattern", "web-*",
            "--pool", "dedup-1", "--schedule", "0 2 * * *", "--type", "incremental", "--retention-days", "14", "--notify", "a@b.c", "--disabled",
            "--script-after-backup", "/opt/ship.sh");

        Assert.True(exit == 0, h.Error);
        var sent = h.Server.RequestsTo("POST", ApiRoutes.Strategies).Single().Json<StrategySettings>();
        var expected = new StrategySettings
        {
            Name = "web", Client = "node-1", NamePattern = "web-*", Pool = "dedup-1", Schedule = "0 2 * * *",
            BackupType = BackupKind.Incremental, RetentionDays = 14, EnableAfterCreation = false, ScriptAfterBackup = "/opt/ship.sh",
        };
        Assert.Equal(expected with { Notify = sent.Notify, NotifyOn = sent.NotifyOn }, sent);
        Assert.Equal(["a@b.c"], sent.Notify);
        Assert.Equal("strategy 5 'web' created (wait), 2 rule(s)\n", h.Out);
    }

    [Fact]
    public async Task StrategiesUpdate_OnlyPattern_RestKept()
    {
        await using var h = await LoggedInAsync();
        var current = new StrategySettings { Name = "web", Client = "node-1", NamePattern = "web-*", Pool = "dedup-1", Schedule = "0 2 * * *", RetentionDays = 9 };
        h.Server.On("GET", ApiRoutes.Strategies + "/5", new StrategyInfo(5, current, RuleStatus.Run, DateTimeOffset.UtcNow, []));
        h.Server.On("PUT", ApiRoutes.Strategies + "/5", r => (200, new StrategyInfo(5, r.Json<StrategySettings>(), RuleStatus.Run, DateTimeOffset.UtcNow, [])));

        var exit = await h.RunAsync(AdminTool.RunAsync, "strategies", "update", "5", "--pattern", "app-?", "--retention-days", "3");

        Assert.True(exit == 0, h.Error);
        var sent = h.Server.RequestsTo("PUT", ApiRoutes.Strategies + "/5").Single().Json<StrategySettings>();
        Assert.Equal(current with { NamePattern = "app-?", RetentionDays = 3, Notify = sent.Notify, NotifyOn = sent.NotifyOn }, sent);
    }

    [Fact]
    public async Task StrategiesCreate_MissingPattern_OneLineNamingIt()
    {
        await using var h = await LoggedInAsync();

        var exit = await h.RunAsync(AdminTool.RunAsync, "strategies", "create", "--name", "web", "--client", "c", "--pool", "p", "--schedule", "0 2 * * *");

        Assert.Equal(2, exit);
        Assert.Equal("rb_admin: error: strategies create needs --pattern\n", h.Error);
    }
}
