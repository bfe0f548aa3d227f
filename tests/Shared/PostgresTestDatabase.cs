using Npgsql;

namespace RuBackup.TestSupport;

/// <summary>
/// A fresh, uniquely named PostgreSQL database for one test (or one test class), created on the server that
/// RUBACKUP_TEST_PG points at and dropped on dispose. Link it into a test project with
/// <c>&lt;Compile Include="../Shared/PostgresTestDatabase.cs" /&gt;</c>. Without RUBACKUP_TEST_PG the tests
/// fail, never skip: ./test.sh starts the server, or run <c>tests/postgres.sh start</c> and
/// <c>eval "$(tests/postgres.sh env)"</c> before <c>dotnet test</c>.
/// </summary>
internal sealed class PostgresTestDatabase : IAsyncDisposable
{
    public const string Variable = "RUBACKUP_TEST_PG";

    private readonly string adminConnectionString;

    private PostgresTestDatabase(string adminConnectionString, string name, string connectionString)
    {
        this.adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    /// <summary>The admin connection string with Database set to this database.</summary>
    public string ConnectionString { get; }

    public static async Task<PostgresTestDatabase> CreateAsync(CancellationToken cancellationToken = default)
    {
        var admin = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            throw new InvalidOperationException(
                $"{Variable} is not set, so the PostgreSQL tests cannot run: use ./test.sh, or run `tests/postgres.sh start` " +
                $"and `eval \"$(tests/postgres.sh env)\"` before dotnet test");
        }

        var name = "rubackup_test_" + Guid.NewGuid().ToString("N")[..16];
        try
        {
            var connection = new NpgsqlConnection(admin);
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, $"CREATE DATABASE \"{name}\"", cancellationToken).ConfigureAwait(false);
            }
        }
        catch (NpgsqlException e)
        {
            throw new InvalidOperationException(
                $"cannot create a test database on the PostgreSQL of {Variable} ({e.Message}): is it running? `tests/postgres.sh start`", e);
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new PostgresTestDatabase(admin, name, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        // FORCE ends sessions still open on it (pooled connections of the code under test).
        var connection = new NpgsqlConnection(adminConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await ExecuteAsync(connection, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection);
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
