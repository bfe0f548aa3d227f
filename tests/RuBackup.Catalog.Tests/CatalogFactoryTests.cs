namespace RuBackup.Catalog.Tests;

public sealed class CatalogFactoryTests
{
    [Fact]
    public void Open_UnknownProvider_ErrorNamesProviderOption()
    {
        var e = Assert.Throws<CatalogOptionsException>(() => CatalogFactory.Open(new CatalogOptions { Provider = "mysql", DataFolder = "/tmp" }));

        Assert.Equal("Catalog:Provider must be 'sqlite' or 'postgresql', not 'mysql'", e.Message);
    }

    [Fact]
    public void Open_SqliteWithoutDataFolder_ErrorNamesDataFolder()
    {
        var e = Assert.Throws<CatalogOptionsException>(() => CatalogFactory.Open(new CatalogOptions { Provider = "sqlite" }));

        Assert.Equal("Catalog:DataFolder is required for the sqlite catalog", e.Message);
    }

    [Fact]
    public void Open_SqliteDataFolderUnderAFile_ErrorNamesDataFolder()
    {
        var file = Path.GetTempFileName();
        try
        {
            var e = Assert.Throws<CatalogOptionsException>(() => CatalogFactory.Open(new CatalogOptions { DataFolder = Path.Combine(file, "data") }));

            Assert.StartsWith($"Catalog:DataFolder '{Path.Combine(file, "data")}' cannot be created", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Open_PostgresWithoutConnectionString_ErrorNamesConnectionString()
    {
        var e = Assert.Throws<CatalogOptionsException>(() => CatalogFactory.Open(new CatalogOptions { Provider = "PostgreSQL" }));

        Assert.Equal("Catalog:ConnectionString is required for the postgresql catalog", e.Message);
    }

    [Fact]
    public void Open_PostgresMalformedConnectionString_ErrorNamesOptionButNotThePassword()
    {
        var e = Assert.Throws<CatalogOptionsException>(() => CatalogFactory.Open(new CatalogOptions
        {
            Provider = "postgresql",
            ConnectionString = "Host=127.0.0.1;Password=hunter2;Colour=blue",
        }));

        Assert.StartsWith("Catalog:ConnectionString is not a valid PostgreSQL connection string", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_Postgres_DoesNotConnectUntilUsed()
    {
        await using var catalog = CatalogFactory.Open(new CatalogOptions { Provider = "postgresql", ConnectionString = "Host=127.0.0.1;Port=1;Username=nobody" });

        Assert.Equal("postgresql", catalog.Provider);
    }
}
