using RuBackup.Api;

namespace RuBackup.Catalog.Tests;

public abstract class PoolAndRuleTests : CatalogTestBase
{
    /// <summary>Every setting away from its default, so a dropped column shows.</summary>
    private static readonly RuleSettings Full = new()
    {
        Name = "db-nightly",
        Client = "web-1",
        ClientGroup = null,
        ResourceType = "rustack",
        Resource = "3f2a-vm",
        ResourceName = "db server",
        Pool = "dedup",
        MaxVolumeGb = 512.5,
        BackupType = BackupKind.Incremental,
        Schedule = "30 2 * * 1-5",
        RetentionDays = 14,
        VerifyEveryDays = 7,
        LifetimeUntil = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero),
        Encryption = "aes-256-gcm",
        ScriptBeforeSnapshot = "/opt/scripts/freeze.sh",
        ScriptAfterSnapshot = "/opt/scripts/thaw.sh",
        ScriptAfterBackup = "/opt/scripts/to-tape.sh",
        OnExpiry = ExpiryAction.Notify,
        MoveToPool = "archive",
        MoveAfterDays = 60,
        ClientMayDelete = true,
        Notify = ["ops@example.org", "dba@example.org"],
        EnableAfterCreation = false,
    };

    private static readonly RuleSettings Minimal = new()
    {
        Name = "minimal",
        ClientGroup = "cluster-1",
        Resource = "vm-9",
        Pool = "default",
        Schedule = "0 0 * * *",
    };

    [Fact]
    public async Task CreatePoolAsync_Two_FoundAndListedByName()
    {
        var plain = new PoolInfo("plain", PoolKind.Plain, "/srv/pools/plain", 1048576, "weekly fulls", T0);
        var dedup = new PoolInfo("dedup", PoolKind.Dedup, "/srv/pools/dedup", 262144, null, T0.AddMinutes(1));

        await Catalog.CreatePoolAsync(plain, Ct);
        await Catalog.CreatePoolAsync(dedup, Ct);

        Assert.Equal(plain, await Catalog.FindPoolAsync("plain", Ct));
        Assert.Equal([dedup, plain], await Catalog.ListPoolsAsync(Ct));
        Assert.Null(await Catalog.FindPoolAsync("none", Ct));
    }

    [Fact]
    public async Task CreatePoolAsync_TakenName_ThrowsConflictNamingPool()
    {
        await Catalog.CreatePoolAsync(new PoolInfo("x", PoolKind.Plain, "/a", 4096, null, T0), Ct);

        var e = await Assert.ThrowsAsync<CatalogConflictException>(
            () => Catalog.CreatePoolAsync(new PoolInfo("x", PoolKind.Dedup, "/b", 4096, null, T0), Ct));

        Assert.Equal("pool 'x' exists", e.Message);
    }

    [Fact]
    public async Task DeletePoolAsync_Existing_RemovesItOnce()
    {
        await Catalog.CreatePoolAsync(new PoolInfo("x", PoolKind.Plain, "/a", 4096, null, T0), Ct);

        Assert.True(await Catalog.DeletePoolAsync("x", Ct));
        Assert.False(await Catalog.DeletePoolAsync("x", Ct));
        Assert.Empty(await Catalog.ListPoolsAsync(Ct));
    }

    [Fact]
    public async Task CreateRuleAsync_EverySettingSet_RoundTripsEveryField()
    {
        var created = await Catalog.CreateRuleAsync(Full, RuleStatus.Wait, T0, Ct);

        Assert.Equal(Json(new RuleInfo(created.Id, Full, RuleStatus.Wait, T0, null)), Json(created));
        Assert.Equal(Json(created), Json(await Catalog.FindRuleAsync(created.Id, Ct)));
    }

    [Fact]
    public async Task CreateRuleAsync_DefaultsAndNulls_RoundTrip()
    {
        var created = await Catalog.CreateRuleAsync(Minimal, RuleStatus.Run, T0, Ct);

        var found = await Catalog.FindRuleAsync(created.Id, Ct);
        Assert.Equal(Json(new RuleInfo(created.Id, Minimal, RuleStatus.Run, T0, null)), Json(found));
        Assert.Null(found!.Settings.MaxVolumeGb);
        Assert.Empty(found.Settings.Notify);
    }

    [Fact]
    public async Task CreateRuleAsync_TakenName_ThrowsConflictNamingRule()
    {
        await Catalog.CreateRuleAsync(Full, RuleStatus.Run, T0, Ct);

        var e = await Assert.ThrowsAsync<CatalogConflictException>(() => Catalog.CreateRuleAsync(Full with { Resource = "other" }, RuleStatus.Run, T0, Ct));

        Assert.Equal("rule 'db-nightly' exists", e.Message);
        Assert.Single(await Catalog.ListRulesAsync(Ct));
    }

    [Fact]
    public async Task UpdateRuleAsync_Existing_ReplacesEverySettingKeepsStatusCreatedAndLastRun()
    {
        var created = await Catalog.CreateRuleAsync(Minimal, RuleStatus.Wait, T0, Ct);
        await Catalog.SetRuleLastRunAsync(created.Id, T0.AddHours(1), Ct);

        var updated = await Catalog.UpdateRuleAsync(created.Id, Full, Ct);

        var expected = Json(new RuleInfo(created.Id, Full, RuleStatus.Wait, T0, T0.AddHours(1)));
        Assert.Equal(expected, Json(updated));
        Assert.Equal(expected, Json(await Catalog.FindRuleAsync(created.Id, Ct)));
    }

    [Fact]
    public async Task UpdateRuleAsync_Missing_ReturnsNull()
    {
        Assert.Null(await Catalog.UpdateRuleAsync(99, Full, Ct));
        Assert.Empty(await Catalog.ListRulesAsync(Ct));
    }

    [Fact]
    public async Task UpdateRuleAsync_ToTakenName_ThrowsConflictAndKeepsRule()
    {
        await Catalog.CreateRuleAsync(Full, RuleStatus.Run, T0, Ct);
        var other = await Catalog.CreateRuleAsync(Minimal, RuleStatus.Run, T0, Ct);

        var e = await Assert.ThrowsAsync<CatalogConflictException>(() => Catalog.UpdateRuleAsync(other.Id, Minimal with { Name = Full.Name }, Ct));

        Assert.Equal("rule 'db-nightly' exists", e.Message);
        Assert.Equal("minimal", (await Catalog.FindRuleAsync(other.Id, Ct))!.Settings.Name);
    }

    [Fact]
    public async Task SetRuleStatusAsync_PauseThenResume_ReturnsRuleWithStatus()
    {
        var created = await Catalog.CreateRuleAsync(Full, RuleStatus.Run, T0, Ct);

        Assert.Equal(RuleStatus.Wait, (await Catalog.SetRuleStatusAsync(created.Id, RuleStatus.Wait, Ct))!.Status);
        Assert.Equal(RuleStatus.Wait, (await Catalog.FindRuleAsync(created.Id, Ct))!.Status);
        Assert.Equal(RuleStatus.Run, (await Catalog.SetRuleStatusAsync(created.Id, RuleStatus.Run, Ct))!.Status);
        Assert.Null(await Catalog.SetRuleStatusAsync(created.Id + 100, RuleStatus.Run, Ct));
    }

    [Fact]
    public async Task ListRulesAsync_Several_InCreationOrder()
    {
        var a = await Catalog.CreateRuleAsync(Full, RuleStatus.Run, T0, Ct);
        var b = await Catalog.CreateRuleAsync(Minimal, RuleStatus.Run, T0, Ct);

        Assert.Equal([a.Id, b.Id], (await Catalog.ListRulesAsync(Ct)).Select(r => r.Id));
        Assert.True(b.Id > a.Id);
    }

    [Fact]
    public async Task DeleteRuleAsync_Existing_RemovesItOnce()
    {
        var created = await Catalog.CreateRuleAsync(Full, RuleStatus.Run, T0, Ct);

        Assert.True(await Catalog.DeleteRuleAsync(created.Id, Ct));
        Assert.False(await Catalog.DeleteRuleAsync(created.Id, Ct));
        Assert.Null(await Catalog.FindRuleAsync(created.Id, Ct));
    }
}
