using System.Data.Common;
using Dapper;

namespace RuBackup.Catalog;

/// <summary>
/// The catalog's SQL, shared by both providers (one partial file per kind of object). A provider supplies
/// only what really differs: how a connection opens, its identity column, row locks, the migration lock,
/// and how it reports a unique violation. Every call opens its own pooled connection, so concurrent callers
/// never share one; a call that reads then writes does so in one write transaction.
/// </summary>
internal abstract partial class SqlCatalog : ICatalog
{
    static SqlCatalog() => CatalogRows.RegisterColumnMaps();

    public abstract string Provider { get; }

    /// <summary>The DDL of an auto-numbered bigint primary key column (never reusing deleted numbers).</summary>
    protected abstract string IdentityColumn { get; }

    /// <summary>
    /// Ends the SELECT that picks a task to claim. PostgreSQL locks the picked row and skips rows other
    /// claimers hold; SQLite runs one writer at a time, so the claiming UPDATE is atomic without it.
    /// </summary>
    protected abstract string SkipLockedClause { get; }

    /// <summary>Ends a SELECT whose row must stay locked until commit (PostgreSQL); SQLite's write transaction already excludes writers.</summary>
    protected abstract string RowLockClause { get; }

    /// <summary>A query counting tables named @name in the catalog's schema.</summary>
    protected abstract string TableExistsSql { get; }

    protected abstract bool IsUniqueViolation(DbException exception);

    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>A transaction that will write: SQLite takes the write lock at its start (BEGIN IMMEDIATE), so a read inside it stays true until commit.</summary>
    protected abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Held while migrating, so two processes starting at once apply each step once.</summary>
    protected abstract Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var migrationLock = await LockMigrationsAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (migrationLock.ConfigureAwait(false))
            {
                foreach (var migration in CatalogSchema.Migrations)
                {
                    await ApplyAsync(connection, migration, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task ApplyAsync(DbConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await connection.ExecuteAsync(Command(CatalogSchema.VersionTableSql, null, cancellationToken, transaction)).ConfigureAwait(false);
            var applied = await connection.ExecuteScalarAsync<long>(Command(
                "SELECT COUNT(*) FROM schema_version WHERE version = @Version", new { migration.Version }, cancellationToken, transaction)).ConfigureAwait(false);
            if (applied > 0)
            {
                return;
            }

            await connection.ExecuteAsync(Command(migration.SqlFor(Provider, IdentityColumn), null, cancellationToken, transaction)).ConfigureAwait(false);
            await connection.ExecuteAsync(Command(
                "INSERT INTO schema_version (version, description, applied_at) VALUES (@Version, @Description, @AppliedAt)",
                new { migration.Version, migration.Description, AppliedAt = ColumnValues.Ms(DateTimeOffset.UtcNow) },
                cancellationToken,
                transaction)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<int> SchemaVersionAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var tables = await connection.ExecuteScalarAsync<long>(Command(TableExistsSql, new { name = "schema_version" }, cancellationToken)).ConfigureAwait(false);
            if (tables == 0)
            {
                return 0;
            }

            return (int)await connection.ExecuteScalarAsync<long>(Command(
                "SELECT COALESCE(MAX(version), 0) FROM schema_version", null, cancellationToken)).ConfigureAwait(false);
        }
    }

    protected static CommandDefinition Command(string sql, object? parameters, CancellationToken cancellationToken, DbTransaction? transaction = null) =>
        new(sql, parameters, transaction, cancellationToken: cancellationToken);

    protected async Task<List<T>> QueryAsync<T>(string sql, object? parameters, CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return (await connection.QueryAsync<T>(Command(sql, parameters, cancellationToken)).ConfigureAwait(false)).AsList();
        }
    }

    protected async Task<T?> QueryFirstOrDefaultAsync<T>(string sql, object? parameters, CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await connection.QueryFirstOrDefaultAsync<T>(Command(sql, parameters, cancellationToken)).ConfigureAwait(false);
        }
    }

    protected async Task<int> ExecuteAsync(string sql, object? parameters, CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await connection.ExecuteAsync(Command(sql, parameters, cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction and commits it.</summary>
    protected async Task<T> InWriteTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var result = await work(connection, transaction).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
        }
    }

    /// <summary>Turns the provider's unique violation into <see cref="CatalogConflictException"/> with <paramref name="conflict"/> as message.</summary>
    protected async Task<T> UniqueAsync<T>(Func<Task<T>> work, string conflict)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (DbException e) when (IsUniqueViolation(e))
        {
            throw new CatalogConflictException(conflict);
        }
    }
}
