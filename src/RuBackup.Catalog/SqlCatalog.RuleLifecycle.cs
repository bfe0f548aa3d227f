namespace RuBackup.Catalog;

internal abstract partial class SqlCatalog
{
    public Task SetRuleNoteAsync(long id, string? note, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE rules SET note = @note WHERE id = @id", new { id, note }, cancellationToken);

    public Task SetRuleScheduleCursorAsync(long id, DateTimeOffset occurrence, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE rules SET schedule_cursor_at = @at WHERE id = @id", new { id, at = ColumnValues.Ms(occurrence) }, cancellationToken);

    public Task SetRuleStrategyAsync(long id, long? strategyId, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE rules SET strategy_id = @strategyId WHERE id = @id", new { id, strategyId }, cancellationToken);
}
