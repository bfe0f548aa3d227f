using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace RuBackup.Catalog.Tests;

// Every suite runs once per provider: the same tests, a real database each.

public sealed class SqliteMigrationTests : MigrationTests
{
    protected override string Provider => CatalogOptions.Sqlite;

    [Fact]
    public async Task MigrateAsync_Sqlite_CreatesCatalogDbInDataFolderInWalMode()
    {
        await Catalog.MigrateAsync(Ct);

        var file = Path.Combine(DataFolder!, "catalog.db");
        Assert.True(File.Exists(file));
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
    }
}

public sealed class PostgresMigrationTests : MigrationTests
{
    protected override string Provider => CatalogOptions.PostgreSql;
}

public sealed class SqliteUserAndTokenTests : UserAndTokenTests
{
    protected override string Provider => CatalogOptions.Sqlite;
}

public sealed class PostgresUserAndTokenTests : UserAndTokenTests
{
    protected override string Provider => CatalogOptions.PostgreSql;
}

public sealed class SqliteClientTests : ClientTests
{
    protected override string Provider => CatalogOptions.Sqlite;
}

public sealed class PostgresClientTests : ClientTests
{
    protected override string Provider => CatalogOptions.PostgreSql;
}

public sealed class SqlitePoolAndRuleTests : PoolAndRuleTests
{
    protected override string Provider => CatalogOptions.Sqlite;
}

public sealed class PostgresPoolAndRuleTests : PoolAndRuleTests
{
    protected override string Provider => CatalogOptions.PostgreSql;
}

public sealed class SqliteTaskTests : TaskTests
{
    protected override string Provider => CatalogOptions.Sqlite;
}

public sealed class PostgresTaskTests : TaskTests
{
    protected override string Provider => CatalogOptions.PostgreSql;
}

public sealed class SqliteArchiveTests : ArchiveTests
{
    protected override string Provider => CatalogOptions.Sqlite;
}

public sealed class PostgresArchiveTests : ArchiveTests
{
    protected override string Provider => CatalogOptions.PostgreSql;
}

public sealed class SqliteSchemaTests : SchemaTests
{
    protected override string Provider => CatalogOptions.Sqlite;

    protected override async Task<IReadOnlyList<string>> ColumnsAsync(string table) =>
        await ReadAsync(reader => reader.GetString(1), $"PRAGMA table_info({table})");

    protected override async Task<object?> ScalarAsync(string sql) => (await ReadAsync(reader => reader.GetValue(0), sql))[0];

    private async Task<List<T>> ReadAsync<T>(Func<DbDataReader, T> read, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(DataFolder!, "catalog.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(read(reader));
        }

        return values;
    }
}

public sealed class PostgresSchemaTests : SchemaTests
{
    protected override string Provider => CatalogOptions.PostgreSql;

    protected override async Task<IReadOnlyList<string>> ColumnsAsync(string table) =>
        await ReadAsync(reader => reader.GetString(0), $"SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{table}'");

    protected override async Task<object?> ScalarAsync(string sql) => (await ReadAsync(reader => reader.GetValue(0), sql))[0];

    private async Task<List<T>> ReadAsync<T>(Func<DbDataReader, T> read, string sql)
    {
        await using var connection = new NpgsqlConnection(Options.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(read(reader));
        }

        return values;
    }
}
