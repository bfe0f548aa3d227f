using Dapper;
using RuBackup.Api;

namespace RuBackup.Catalog;

/// <summary>The notification outbox: enqueue (with the task's mark), the atomic claim of a due message, attempts.</summary>
internal abstract partial class SqlCatalog
{
    private static readonly string Pending = ColumnValues.Text(NotificationState.Pending);

    public Task<bool> EnqueueNotificationsAsync(IReadOnlyList<NotificationInfo> messages, long? noticedTaskId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return InWriteTransactionAsync(
            async (connection, transaction) =>
            {
                if (noticedTaskId is { } taskId)
                {
                    // PostgreSQL: a second server marking the same task waits for the first one's commit, then
                    // finds noticed_at set and updates nothing; SQLite runs one write transaction at a time.
                    var marked = await connection.ExecuteAsync(Command(
                        "UPDATE tasks SET noticed_at = @at WHERE id = @taskId AND noticed_at IS NULL",
                        new { taskId, at = ColumnValues.Ms(now) },
                        cancellationToken,
                        transaction)).ConfigureAwait(false);
                    if (marked == 0)
                    {
                        return false;
                    }
                }
                if (messages.Count > 0)
                {
                    await connection.ExecuteAsync(Command(
                        $"INSERT INTO notifications ({NotificationRow.Columns}) VALUES ({NotificationRow.Parameters})",
                        messages.Select(NotificationRow.From).ToList(),
                        cancellationToken,
                        transaction)).ConfigureAwait(false);
                }
                return true;
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<NotificationInfo>> ListNotificationsAsync(NotificationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var where = query.State is null ? "" : "WHERE state = @State";
        var rows = await QueryAsync<NotificationRow>(
            $"SELECT {NotificationRow.Select} FROM notifications {where} ORDER BY id DESC LIMIT @Limit",
            new { State = ColumnValues.Text(query.State), Limit = Math.Max(0, query.Limit) },
            cancellationToken).ConfigureAwait(false);
        return rows.ConvertAll(r => r.ToInfo());
    }

    public async Task<NotificationInfo?> ClaimDueNotificationAsync(DateTimeOffset now, DateTimeOffset claimUntil, CancellationToken cancellationToken)
    {
        // As ClaimNextTaskAsync: the inner SELECT picks, the outer UPDATE takes it only while it is still due.
        var sql = $"""
            UPDATE notifications SET next_attempt_at = @claimUntil
            WHERE state = '{Pending}' AND next_attempt_at <= @now AND id = (
              SELECT id FROM notifications
              WHERE state = '{Pending}' AND next_attempt_at <= @now
              ORDER BY next_attempt_at, id
              LIMIT 1{SkipLockedClause})
            RETURNING {NotificationRow.Select}
            """;
        var row = await QueryFirstOrDefaultAsync<NotificationRow>(
            sql, new { now = ColumnValues.Ms(now), claimUntil = ColumnValues.Ms(claimUntil) }, cancellationToken).ConfigureAwait(false);
        return row?.ToInfo();
    }

    public Task RecordNotificationAttemptAsync(long id, NotificationState state, string? error, DateTimeOffset now, DateTimeOffset? nextAttempt, CancellationToken cancellationToken) =>
        ExecuteAsync(
            """
            UPDATE notifications SET
              state = @state,
              attempts = attempts + 1,
              last_error = @error,
              sent_at = @sentAt,
              next_attempt_at = @nextAttempt
            WHERE id = @id
            """,
            new
            {
                id,
                state = ColumnValues.Text(state),
                error,
                sentAt = state == NotificationState.Sent ? ColumnValues.Ms(now) : (long?)null,
                nextAttempt = state == NotificationState.Pending ? ColumnValues.Ms(nextAttempt) : null,
            },
            cancellationToken);

    public async Task<IReadOnlyList<TaskInfo>> ListUnnoticedTasksAsync(int limit, CancellationToken cancellationToken)
    {
        // The WHERE repeats the partial index tasks_unnoticed's predicate word for word, so SQLite uses it too.
        var rows = await QueryAsync<TaskRow>(
            """
            SELECT * FROM tasks
            WHERE noticed_at IS NULL AND state IN ('done', 'error') AND kind IN ('backup', 'verify')
            ORDER BY id LIMIT @limit
            """,
            new { limit = Math.Max(0, limit) },
            cancellationToken).ConfigureAwait(false);
        return rows.ConvertAll(r => r.ToInfo());
    }
}
