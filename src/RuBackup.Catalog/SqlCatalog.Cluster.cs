using RuBackup.Api;

namespace RuBackup.Catalog;

internal abstract partial class SqlCatalog
{
    private static readonly string HeldStates = ColumnValues.SqlList(new[] { TaskState.Assigned, TaskState.Executing });

    public async Task<bool> ExtendTaskLeaseAsync(long id, long clientId, DateTimeOffset until, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            $"UPDATE tasks SET lease_until = @until WHERE id = @id AND client_id = @clientId AND state IN ({HeldStates})",
            new { id, clientId, until = ColumnValues.Ms(until) },
            cancellationToken).ConfigureAwait(false) > 0;

    public async Task<IReadOnlyList<TaskInfo>> ListLeaseExpiredTasksAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        (await QueryAsync<TaskRow>(
            $"SELECT * FROM tasks WHERE state IN ({HeldStates}) AND lease_until IS NOT NULL AND lease_until < @now ORDER BY id",
            new { now = ColumnValues.Ms(now) },
            cancellationToken).ConfigureAwait(false)).ConvertAll(r => r.ToInfo());

    public async Task<TaskInfo?> ExpireTaskLeaseAsync(long id, DateTimeOffset now, string error, CancellationToken cancellationToken) =>
        (await QueryFirstOrDefaultAsync<TaskRow>(
            $"""
            UPDATE tasks SET state = '{ColumnValues.Text(TaskState.Error)}', finished_at = @now, error = @error
            WHERE id = @id AND state IN ({HeldStates}) AND lease_until IS NOT NULL AND lease_until < @now
            RETURNING *
            """,
            new { id, now = ColumnValues.Ms(now), error },
            cancellationToken).ConfigureAwait(false))?.ToInfo();
}
