using RuBackup.TestSupport;

namespace RuBackup.Server.Tests.Support;

/// <summary>Where one test's catalog lives: a SQLite file in the server's data folder, or a fresh PostgreSQL database.</summary>
public abstract class CatalogBackend : IAsyncDisposable
{
    public const string Sqlite = "sqlite";
    public const string PostgreSql = "postgresql";

    public abstract string Provider { get; }

    public abstract string? ConnectionString { get; }

    public static async Task<CatalogBackend> CreateAsync(string provider) => provider switch
    {
        Sqlite => new SqliteBackend(),
        PostgreSql => await PostgresBackend.CreateAsync().ConfigureAwait(false),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "unknown provider"),
    };

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    private sealed class PostgresBackend(PostgresTestDatabase database) : CatalogBackend
    {
        public override string Provider => PostgreSql;

        public override string? ConnectionString => database.ConnectionString;

        public static async Task<CatalogBackend> CreateAsync() => new PostgresBackend(await PostgresTestDatabase.CreateAsync().ConfigureAwait(false));

        public override async ValueTask DisposeAsync()
        {
            await database.DisposeAsync().ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed class SqliteBackend : CatalogBackend
    {
        public override string Provider => Sqlite;

        public override string? ConnectionString => null;
    }
}
