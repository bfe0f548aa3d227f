using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace RuBackup.Catalog;

/// <summary>
/// The catalog in one SQLite file (DATA/catalog.db): WAL so readers never wait for the writer, a busy
/// timeout so writers queue instead of failing, foreign keys on. SQLite allows one writer at a time, and
/// every write transaction here starts with BEGIN IMMEDIATE, which is what makes claims and migrations
/// atomic across connections and processes.
/// </summary>
internal sealed class SqliteCatalog : SqlCatalog
{
    private const int BusyTimeoutMilliseconds = 30_000;

    private readonly string connectionString;
    private int journalModeSet;

    public SqliteCatalog(string file)
    {
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        }.ToString();
    }

    public override string Provider => CatalogOptions.Sqlite;

    // AUTOINCREMENT: numbers of deleted rows are never handed out again (a task id stays unique forever).
    protected override string IdentityColumn => "INTEGER PRIMARY KEY AUTOINCREMENT";

    protected override string SkipLockedClause => "";

    protected override string RowLockClause => "";

    protected override string TableExistsSql => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @name";

    // SQLITE_CONSTRAINT_UNIQUE (2067) and SQLITE_CONSTRAINT_PRIMARYKEY (1555).
    protected override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 };

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

            // WAL is a property of the file, kept across connections: set it until it has once succeeded here
            // (first connections racing may each set it; that is a no-op once set).
            if (Volatile.Read(ref journalModeSet) == 0)
            {
                command.CommandText = "PRAGMA journal_mode = WAL";
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref journalModeSet, 1);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    protected override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    protected override Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable>(NoLock.Instance);

    public override ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; release them so the folder can be moved or deleted.
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    /// <summary>SQLite needs no lock around migrations: each one runs in a BEGIN IMMEDIATE transaction that re-reads schema_version.</summary>
    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
