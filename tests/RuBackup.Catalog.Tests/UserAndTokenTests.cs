using RuBackup.Api;

namespace RuBackup.Catalog.Tests;

public abstract class UserAndTokenTests : CatalogTestBase
{
    [Fact]
    public async Task CreateUserAsync_NewName_FoundAndListedByName()
    {
        var bob = new UserRecord("bob", UserRole.Operator, "$kdf$bob", false, T0);
        var alice = new UserRecord("alice", UserRole.Administrator, "$kdf$alice", true, T0.AddDays(1));

        await Catalog.CreateUserAsync(bob, Ct);
        await Catalog.CreateUserAsync(alice, Ct);

        Assert.Equal(alice, await Catalog.FindUserAsync("alice", Ct));
        Assert.Equal(["alice", "bob"], (await Catalog.ListUsersAsync(Ct)).Select(u => u.Name));
        Assert.Null(await Catalog.FindUserAsync("carol", Ct));
    }

    [Fact]
    public async Task CreateUserAsync_TakenName_ThrowsConflictNamingUser()
    {
        await Catalog.CreateUserAsync(new UserRecord("alice", UserRole.Operator, "h1", false, T0), Ct);

        var e = await Assert.ThrowsAsync<CatalogConflictException>(
            () => Catalog.CreateUserAsync(new UserRecord("alice", UserRole.Auditor, "h2", false, T0), Ct));

        Assert.Equal("user 'alice' exists", e.Message);
        Assert.Equal(UserRole.Operator, (await Catalog.FindUserAsync("alice", Ct))!.Role);
    }

    [Fact]
    public async Task UpdateUserAsync_Existing_ReplacesRoleHashAndDisabledKeepsCreated()
    {
        await Catalog.CreateUserAsync(new UserRecord("alice", UserRole.Operator, "h1", false, T0), Ct);

        var updated = await Catalog.UpdateUserAsync(new UserRecord("alice", UserRole.Auditor, "h2", true, T0.AddYears(1)), Ct);

        Assert.True(updated);
        Assert.Equal(new UserRecord("alice", UserRole.Auditor, "h2", true, T0), await Catalog.FindUserAsync("alice", Ct));
    }

    [Fact]
    public async Task UpdateUserAsync_Missing_ReturnsFalse()
    {
        Assert.False(await Catalog.UpdateUserAsync(new UserRecord("ghost", UserRole.Operator, "h", false, T0), Ct));
        Assert.Empty(await Catalog.ListUsersAsync(Ct));
    }

    [Fact]
    public async Task DeleteUserAsync_Existing_RemovesItOnce()
    {
        await Catalog.CreateUserAsync(new UserRecord("alice", UserRole.Operator, "h", false, T0), Ct);

        Assert.True(await Catalog.DeleteUserAsync("alice", Ct));
        Assert.False(await Catalog.DeleteUserAsync("alice", Ct));
        Assert.Null(await Catalog.FindUserAsync("alice", Ct));
    }

    [Fact]
    public async Task SaveTokenAsync_ThenFindByHash_ReturnsRecord()
    {
        var token = new TokenRecord("ab12", "user:alice", T0, T0.AddHours(8));

        await Catalog.SaveTokenAsync(token, Ct);

        Assert.Equal(token, await Catalog.FindTokenAsync("ab12", Ct));
        Assert.Null(await Catalog.FindTokenAsync("cd34", Ct));
    }

    [Fact]
    public async Task DeleteExpiredTokensAsync_MixedExpiry_RemovesOnlyExpired()
    {
        await Catalog.SaveTokenAsync(new TokenRecord("old", "user:a", T0.AddHours(-9), T0.AddHours(-1)), Ct);
        await Catalog.SaveTokenAsync(new TokenRecord("edge", "user:a", T0.AddHours(-8), T0), Ct);
        await Catalog.SaveTokenAsync(new TokenRecord("live", "user:a", T0, T0.AddMilliseconds(1)), Ct);

        var removed = await Catalog.DeleteExpiredTokensAsync(T0, Ct);

        Assert.Equal(2, removed);
        Assert.Null(await Catalog.FindTokenAsync("old", Ct));
        Assert.Null(await Catalog.FindTokenAsync("edge", Ct));
        Assert.NotNull(await Catalog.FindTokenAsync("live", Ct));
    }

    [Fact]
    public async Task DeleteTokensOfAsync_Subject_RemovesOnlyThatSubjectsTokens()
    {
        await Catalog.SaveTokenAsync(new TokenRecord("c1", "client:7", T0, T0.AddHours(1)), Ct);
        await Catalog.SaveTokenAsync(new TokenRecord("c2", "client:7", T0, T0.AddHours(1)), Ct);
        await Catalog.SaveTokenAsync(new TokenRecord("u1", "user:alice", T0, T0.AddHours(1)), Ct);

        await Catalog.DeleteTokensOfAsync("client:7", Ct);
        await Catalog.DeleteTokenAsync("u1", Ct);

        Assert.Null(await Catalog.FindTokenAsync("c1", Ct));
        Assert.Null(await Catalog.FindTokenAsync("c2", Ct));
        Assert.Null(await Catalog.FindTokenAsync("u1", Ct));
    }

    [Fact]
    public async Task ListAuditAsync_SeveralEntries_NewestFirstWithinLimit()
    {
        for (var i = 0; i < 5; i++)
        {
            await Catalog.AppendAuditAsync(T0.AddSeconds(i), "alice", "rule.create", $"rule:{i}", i == 0 ? null : $"name=r{i}", Ct);
        }

        var entries = await Catalog.ListAuditAsync(3, Ct);

        Assert.Equal(["rule:4", "rule:3", "rule:2"], entries.Select(e => e.Target));
        Assert.Equal(new AuditEntry(entries[0].Id, T0.AddSeconds(4), "alice", "rule.create", "rule:4", "name=r4"), entries[0]);
        Assert.True(entries[0].Id > entries[1].Id);
        Assert.Null((await Catalog.ListAuditAsync(10, Ct))[^1].Details);
    }
}
