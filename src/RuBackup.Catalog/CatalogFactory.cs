using Npgsql;

namespace RuBackup.Catalog;

/// <summary>Opens the catalog the options name. Opening does not migrate: call <see cref="ICatalog.MigrateAsync"/>.</summary>
public static class CatalogFactory
{
    public const string SqliteFileName = "catalog.db";

    /// <exception cref="CatalogOptionsException">An option is missing or wrong (the message names it).</exception>
    public static ICatalog Open(CatalogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var provider = options.Provider?.Trim() ?? "";
        if (provider.Equals(CatalogOptions.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            return OpenSqlite(options.DataFolder);
        }

        if (provider.Equals(CatalogOptions.PostgreSql, StringComparison.OrdinalIgnoreCase))
        {
            return OpenPostgres(options.ConnectionString);
        }

        throw new CatalogOptionsException(
            $"{CatalogOptions.Section}:Provider must be '{CatalogOptions.Sqlite}' or '{CatalogOptions.PostgreSql}', not '{options.Provider}'");
    }

    private static SqliteCatalog OpenSqlite(string? dataFolder)
    {
        if (string.IsNullOrWhiteSpace(dataFolder))
        {
            throw new CatalogOptionsException($"{CatalogOptions.Section}:DataFolder is required for the sqlite catalog");
        }

        try
        {
            Directory.CreateDirectory(dataFolder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new CatalogOptionsException($"{CatalogOptions.Section}:DataFolder '{dataFolder}' cannot be created: {e.Message}");
        }

        return new SqliteCatalog(Path.Combine(Path.GetFullPath(dataFolder), SqliteFileName));
    }

    private static PostgresCatalog OpenPostgres(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new CatalogOptionsException($"{CatalogOptions.Section}:ConnectionString is required for the postgresql catalog");
        }

        NpgsqlDataSource dataSource;
        try
        {
            dataSource = NpgsqlDataSource.Create(connectionString);
        }
        catch (ArgumentException)
        {
            // The parser's message may quote the value, and the value may hold a password: name the option only.
            throw new CatalogOptionsException(
                $"{CatalogOptions.Section}:ConnectionString is not a valid PostgreSQL connection string (expected Host=...;Port=...;Username=...;Database=...)");
        }

        return new PostgresCatalog(dataSource);
    }
}
