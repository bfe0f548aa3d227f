using Dapper;
using RuBackup.Api;

namespace RuBackup.Catalog;

/// <summary>The task queue: creation, the atomic claim, compare-and-set transitions, progress and the log.</summary>
internal abstract partial class SqlCatalog
{
    private static readonly TaskState[] FinalStates = [TaskState.Done, TaskState.Error, TaskState.Cancelled];

    public async Task<TaskInfo> CreateTaskAsync(TaskInfo task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        var row = await QueryFirstOrDefaultAsync<TaskRow>(
            $"INSERT INTO tasks ({TaskRow.Columns}) VALUES ({TaskRow.Parameters}) RETURNING *",
            TaskRow.From(task),
            cancellationToken).ConfigureAwait(false);
        return row!.ToInfo();
    }

    public async Task<TaskInfo?> FindTaskAsync(long id, CancellationToken cancellationToken) =>
        (await QueryFirstOrDefaultAsync<TaskRow>("SELECT * FROM tasks WHERE id = @id", new { id }, cancellationToken).ConfigureAwait(false))?.ToInfo();

    public async Task<IReadOnlyList<TaskInfo>> ListTasksAsync(TaskQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var conditions = new List<string>();
        if (query.State is not null)
        {
            conditions.Add("state = @State");
        }

        if (query.ClientId is not null)
        {
            conditions.Add("client_id = @ClientId");
        }

        if (query.RuleId is not null)
        {
            conditions.Add("rule_id = @RuleId");
        }

        if (query.ArchiveId is not null)
        {
            conditions.Add("archive_id = @ArchiveId");
        }

        var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
        var rows = await QueryAsync<TaskRow>(
            $"SELECT * FROM tasks {where} ORDER BY id DESC LIMIT @Limit",
            new { State = ColumnValues.Text(query.State), query.ClientId, query.RuleId, query.ArchiveId, Limit = Math.Max(0, query.Limit) },
            cancellationToken).ConfigureAwait(false);
        return rows.ConvertAll(r => r.ToInfo());
    }

    public async Task<TaskInfo?> ClaimNextTaskAsync(long clientId, string? group, IReadOnlyCollection<TaskKind> kinds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        if (kinds.Count == 0)
        {
            return null;
        }

        // One statement: the inner SELECT picks the oldest eligible task, the outer UPDATE takes it only while
        // it is still new. PostgreSQL: the picked row is locked and rows other claimers hold are skipped, and
        // a row changed meanwhile is re-checked against state = 'new'. SQLite: the statement runs alone.
        // A group's task (no client yet) gets the claimer's id and name.
        var sql = $"""
            UPDATE tasks SET
              state = '{ColumnValues.Text(TaskState.Assigned)}',
              client_id = @clientId,
              client_name = COALESCE((SELECT name FROM clients WHERE id = @clientId), client_name)
            WHERE state = '{ColumnValues.Text(TaskState.New)}' AND id = (
              SELECT id FROM tasks
              WHERE state = '{ColumnValues.Text(TaskState.New)}'
                AND kind IN ({ColumnValues.SqlList(kinds)})
                AND (client_id = @clientId OR (client_id IS NULL AND client_group = @group))
              ORDER BY id
              LIMIT 1{SkipLockedClause})
            RETURNING *
            """;
        _ = now; // the claim itself records no time: Started is set on entering Executing
        var row = await QueryFirstOrDefaultAsync<TaskRow>(sql, new { clientId, group }, cancellationToken).ConfigureAwait(false);
        return row?.ToInfo();
    }

    public async Task<TaskInfo?> TransitionTaskAsync(long id, IReadOnlyCollection<TaskState> from, TaskState to, DateTimeOffset now, string? error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(from);
        if (from.Count == 0)
        {
            return null;
        }

        var assignments = new List<string> { "state = @to" };
        if (to == TaskState.Executing)
        {
            assignments.Add("started_at = @now");
        }

        if (FinalStates.Contains(to))
        {
            assignments.Add("finished_at = @now");
            assignments.Add("error = @error");
        }

        var row = await QueryFirstOrDefaultAsync<TaskRow>(
            $"UPDATE tasks SET {string.Join(", ", assignments)} WHERE id = @id AND state IN ({ColumnValues.SqlList(from)}) RETURNING *",
            new { id, to = ColumnValues.Text(to), now = ColumnValues.Ms(now), error },
            cancellationToken).ConfigureAwait(false);
        return row?.ToInfo();
    }

    public Task UpdateTaskProgressAsync(long id, long bytesDone, long bytesTotal, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE tasks SET bytes_done = @bytesDone, bytes_total = @bytesTotal WHERE id = @id", new { id, bytesDone, bytesTotal }, cancellationToken);

    public Task SetTaskArchiveAsync(long id, string archiveId, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE tasks SET archive_id = @archiveId WHERE id = @id", new { id, archiveId }, cancellationToken);

    /// <summary>Lines of an unknown task are dropped. Numbers lines 1, 2, ... per task, under a lock on the task's row, so concurrent appenders never interleave numbers.</summary>
    public Task AppendTaskLogAsync(long id, IReadOnlyList<TaskLogLine> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            return Task.CompletedTask;
        }

        return InWriteTransactionAsync(
            async (connection, transaction) =>
            {
                var task = await connection.ExecuteScalarAsync<long?>(Command(
                    $"SELECT id FROM tasks WHERE id = @id{RowLockClause}", new { id }, cancellationToken, transaction)).ConfigureAwait(false);
                if (task is null)
                {
                    return 0;
                }

                var last = await connection.ExecuteScalarAsync<long>(Command(
                    "SELECT COALESCE(MAX(seq), 0) FROM task_log WHERE task_id = @id", new { id }, cancellationToken, transaction)).ConfigureAwait(false);
                var rows = lines.Select((line, i) => new TaskLogRow
                {
                    TaskId = id,
                    Seq = checked((int)last + i + 1),
                    LoggedAt = ColumnValues.Ms(line.Time),
                    Level = line.Level,
                    Message = line.Message,
                }).ToList();
                return await connection.ExecuteAsync(Command(
                    "INSERT INTO task_log (task_id, seq, logged_at, level, message) VALUES (@TaskId, @Seq, @LoggedAt, @Level, @Message)",
                    rows,
                    cancellationToken,
                    transaction)).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<TaskLogLine>> ReadTaskLogAsync(long id, int after, CancellationToken cancellationToken) =>
        (await QueryAsync<TaskLogRow>(
            "SELECT * FROM task_log WHERE task_id = @id AND seq > @after ORDER BY seq",
            new { id, after },
            cancellationToken).ConfigureAwait(false)).ConvertAll(r => r.ToLine());
}
