using RuBackup.Api;

namespace RuBackup.Catalog;

/// <summary>Strategies; a strategy's rule ids are read from rules.strategy_id, never stored twice.</summary>
internal abstract partial class SqlCatalog
{
    public Task<StrategyInfo> CreateStrategyAsync(StrategySettings settings, RuleStatus status, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var row = StrategyRow.From(settings);
        row.Status = ColumnValues.Text(status);
        row.CreatedAt = ColumnValues.Ms(now);
        return UniqueAsync(
            async () => (await QueryFirstOrDefaultAsync<StrategyRow>(
                $"INSERT INTO strategies ({StrategyRow.SettingsColumns}, status, created_at) VALUES ({StrategyRow.SettingsParameters}, @Status, @CreatedAt) RETURNING *",
                row,
                cancellationToken).ConfigureAwait(false))!.ToInfo([]),
            $"strategy '{settings.Name}' exists");
    }

    public async Task<StrategyInfo?> FindStrategyAsync(long id, CancellationToken cancellationToken)
    {
        var row = await QueryFirstOrDefaultAsync<StrategyRow>("SELECT * FROM strategies WHERE id = @id", new { id }, cancellationToken).ConfigureAwait(false);
        return row is null ? null : await WithRulesAsync(row, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StrategyInfo>> ListStrategiesAsync(CancellationToken cancellationToken)
    {
        var rows = await QueryAsync<StrategyRow>("SELECT * FROM strategies ORDER BY id", null, cancellationToken).ConfigureAwait(false);
        var links = await QueryAsync<(long Id, long StrategyId)>(
            "SELECT id, strategy_id FROM rules WHERE strategy_id IS NOT NULL ORDER BY id", null, cancellationToken).ConfigureAwait(false);
        var byStrategy = links.ToLookup(l => l.StrategyId, l => l.Id);
        return rows.ConvertAll(r => r.ToInfo(byStrategy[r.Id].ToList()));
    }

    public async Task<StrategyInfo?> UpdateStrategyAsync(long id, StrategySettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var row = StrategyRow.From(settings);
        row.Id = id;
        var assignments = string.Join(", ", StrategyRow.SettingsColumns.Split(", ").Zip(StrategyRow.SettingsParameters.Split(", "), (c, p) => $"{c} = {p}"));
        var updated = await UniqueAsync(
            () => QueryFirstOrDefaultAsync<StrategyRow>($"UPDATE strategies SET {assignments} WHERE id = @Id RETURNING *", row, cancellationToken),
            $"strategy '{settings.Name}' exists").ConfigureAwait(false);
        return updated is null ? null : await WithRulesAsync(updated, cancellationToken).ConfigureAwait(false);
    }

    public async Task<StrategyInfo?> SetStrategyStatusAsync(long id, RuleStatus status, CancellationToken cancellationToken)
    {
        var row = await QueryFirstOrDefaultAsync<StrategyRow>(
            "UPDATE strategies SET status = @status WHERE id = @id RETURNING *",
            new { id, status = ColumnValues.Text(status) },
            cancellationToken).ConfigureAwait(false);
        return row is null ? null : await WithRulesAsync(row, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteStrategyAsync(long id, CancellationToken cancellationToken) =>
        await ExecuteAsync("DELETE FROM strategies WHERE id = @id", new { id }, cancellationToken).ConfigureAwait(false) > 0;

    private async Task<StrategyInfo> WithRulesAsync(StrategyRow row, CancellationToken cancellationToken)
    {
        var ids = await QueryAsync<long>("SELECT id FROM rules WHERE strategy_id = @id ORDER BY id", new { id = row.Id }, cancellationToken).ConfigureAwait(false);
        return row.ToInfo(ids);
    }
}
