using RuBackup.Api;

namespace RuBackup.Catalog.Tests;

public abstract class StrategyCatalogTests : CatalogTestBase
{
    private static readonly StrategySettings Every = new()
    {
        Name = "web", ClientGroup = "cluster", NamePattern = "web-*", Pool = "p", Schedule = "0 2 * * *", MaxVolumeGb = 12.5,
        BackupType = BackupKind.Differential, RetentionDays = 9, VerifyEveryDays = 3, LifetimeUntil = T0.AddDays(30), Encryption = "aes-256-gcm",
        ScriptBeforeSnapshot = "/b.sh", ScriptAfterSnapshot = "/a.sh", ScriptAfterBackup = "/to-tape.sh", OnExpiry = ExpiryAction.Notify, MoveToPool = "cold", MoveAfterDays = 4,
        ClientMayDelete = true, Notify = ["ops@example.org"], NotifyOn = [NotifyEvent.Success], EnableAfterCreation = false,
    };

    [Fact]
    public async Task CreateStrategyAsync_EverySetting_ReadBackEqual_RuleIdsFromRules()
    {
        var created = await Catalog.CreateStrategyAsync(Every, RuleStatus.Wait, T0, Ct);
        var rule = await Catalog.CreateRuleAsync(Every.ToRule("web/web-1", "vm-1", "web-1"), RuleStatus.Wait, T0, Ct);
        await Catalog.SetRuleStrategyAsync(rule.Id, created.Id, Ct);

        var read = (await Catalog.FindStrategyAsync(created.Id, Ct))!;

        Assert.Equal(Every with { Notify = [], NotifyOn = [] }, read.Settings with { Notify = [], NotifyOn = [] });
        Assert.Equal(["ops@example.org"], read.Settings.Notify);
        Assert.Equal([NotifyEvent.Success], read.Settings.NotifyOn);
        Assert.Equal((RuleStatus.Wait, T0), (read.Status, read.Created));
        Assert.Equal([rule.Id], read.RuleIds);
        Assert.Equal([rule.Id], Assert.Single(await Catalog.ListStrategiesAsync(Ct)).RuleIds);
    }

    [Fact]
    public async Task ScriptAfterBackup_RuleStrategyAndGeneratedRule_StoredAndReadBack()
    {
        var strategy = await Catalog.CreateStrategyAsync(Every with { ScriptAfterBackup = null }, RuleStatus.Run, T0, Ct);
        strategy = (await Catalog.UpdateStrategyAsync(strategy.Id, Every with { ScriptAfterBackup = "/opt/ship.sh" }, Ct))!;
        var generated = await Catalog.CreateRuleAsync(strategy.Settings.ToRule("web/web-1", "vm-1", "web-1"), RuleStatus.Run, T0, Ct);
        var plain = await Catalog.CreateRuleAsync(Every.ToRule("plain", "vm-2", null) with { ScriptAfterBackup = null }, RuleStatus.Run, T0, Ct);
        await Catalog.UpdateRuleAsync(plain.Id, plain.Settings with { ScriptAfterBackup = "/opt/other.sh" }, Ct);

        Assert.Equal("/opt/ship.sh", (await Catalog.FindStrategyAsync(strategy.Id, Ct))!.Settings.ScriptAfterBackup);
        Assert.Equal("/opt/ship.sh", (await Catalog.FindRuleAsync(generated.Id, Ct))!.Settings.ScriptAfterBackup);
        Assert.Equal("/opt/other.sh", (await Catalog.FindRuleAsync(plain.Id, Ct))!.Settings.ScriptAfterBackup);
        Assert.Null((await Catalog.CreateRuleAsync(Every.ToRule("none", "vm-3", null) with { ScriptAfterBackup = null }, RuleStatus.Run, T0, Ct)).Settings.ScriptAfterBackup);
    }

    [Fact]
    public async Task UpdateStrategyAsync_TakenName_Conflict_StatusAndDelete()
    {
        var a = await Catalog.CreateStrategyAsync(Every, RuleStatus.Run, T0, Ct);
        var b = await Catalog.CreateStrategyAsync(Every with { Name = "db" }, RuleStatus.Run, T0, Ct);

        await Assert.ThrowsAsync<CatalogConflictException>(() => Catalog.CreateStrategyAsync(Every, RuleStatus.Run, T0, Ct));
        await Assert.ThrowsAsync<CatalogConflictException>(() => Catalog.UpdateStrategyAsync(b.Id, Every, Ct));
        Assert.Equal("app-?", (await Catalog.UpdateStrategyAsync(b.Id, Every with { Name = "db", NamePattern = "app-?" }, Ct))!.Settings.NamePattern);
        Assert.Equal(RuleStatus.Wait, (await Catalog.SetStrategyStatusAsync(a.Id, RuleStatus.Wait, Ct))!.Status);
        Assert.True(await Catalog.DeleteStrategyAsync(a.Id, Ct));
        Assert.Null(await Catalog.FindStrategyAsync(a.Id, Ct));
        Assert.Null(await Catalog.UpdateStrategyAsync(a.Id, Every, Ct));
        Assert.False(await Catalog.DeleteStrategyAsync(a.Id, Ct));
    }
}

public sealed class SqliteStrategyCatalogTests : StrategyCatalogTests
{
    protected override string Provider => CatalogOptions.Sqlite;
}

public sealed class PostgresStrategyCatalogTests : StrategyCatalogTests
{
    protected override string Provider => CatalogOptions.PostgreSql;
}
