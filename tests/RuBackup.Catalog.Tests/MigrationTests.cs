using RuBackup.Api;

namespace RuBackup.Catalog.Tests;

public abstract class MigrationTests : CatalogTestBase
{
    private static int Latest => CatalogSchema.Migrations[^1].Version;

    protected override bool MigrateFirst => false;

    [Fact]
    public async Task SchemaVersionAsync_EmptyDatabase_IsZero()
    {
        Assert.Equal(0, await Catalog.SchemaVersionAsync(Ct));
    }

    [Fact]
    public async Task MigrateAsync_EmptyDatabase_ReachesLatestVersionAndWorks()
    {
        await Catalog.MigrateAsync(Ct);

        Assert.Equal(Latest, await Catalog.SchemaVersionAsync(Ct));
        await Catalog.CreateUserAsync(new UserRecord("rubackup", UserRole.Superuser, "hash", false, T0), Ct);
        Assert.NotNull(await Catalog.FindUserAsync("rubackup", Ct));
    }

    [Fact]
    public async Task MigrateAsync_Again_IsNoOpAndKeepsData()
    {
        await Catalog.MigrateAsync(Ct);
        await Catalog.CreatePoolAsync(new PoolInfo("default", PoolKind.Dedup, "/pools/default", 262144, null, T0), Ct);

        await Catalog.MigrateAsync(Ct);
        await using (var reopened = CatalogFactory.Open(Options))
        {
            await reopened.MigrateAsync(Ct);
            Assert.Equal(Latest, await reopened.SchemaVersionAsync(Ct));
            Assert.Single(await reopened.ListPoolsAsync(Ct));
        }

        Assert.Equal(Latest, await Catalog.SchemaVersionAsync(Ct));
        Assert.Single(await Catalog.ListPoolsAsync(Ct));
    }

    [Fact]
    public async Task MigrateAsync_FourProcessesAtOnce_EachStepAppliedOnce()
    {
        var catalogs = Enumerable.Range(0, 4).Select(_ => CatalogFactory.Open(Options)).ToList();
        try
        {
            await Task.WhenAll(catalogs.Select(c => Task.Run(() => c.MigrateAsync(Ct))));

            foreach (var catalog in catalogs)
            {
                Assert.Equal(Latest, await catalog.SchemaVersionAsync(Ct));
            }

            await Catalog.CreateUserAsync(new UserRecord("u", UserRole.Auditor, "h", false, T0), Ct);
            Assert.Single(await catalogs[0].ListUsersAsync(Ct));
        }
        finally
        {
            foreach (var catalog in catalogs)
            {
                await catalog.DisposeAsync();
            }
        }
    }

    [Fact]
    public void Provider_IsTheConfiguredOne()
    {
        Assert.Equal(Provider, Catalog.Provider);
    }
}
