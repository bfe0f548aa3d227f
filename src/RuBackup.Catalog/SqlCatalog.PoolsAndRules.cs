using RuBackup.Api;

namespace RuBackup.Catalog;

/// <summary>Storage pools and the rules of the global schedule.</summary>
internal abstract partial class SqlCatalog
{
    public Task CreatePoolAsync(PoolInfo pool, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return UniqueAsync(
            () => ExecuteAsync(
                "INSERT INTO pools (name, kind, path, chunk_size, description, created_at) VALUES (@Name, @Kind, @Path, @ChunkSize, @Description, @CreatedAt)",
                PoolRow.From(pool),
                cancellationToken),
            $"pool '{pool.Name}' exists");
    }

    public async Task<PoolInfo?> FindPoolAsync(string name, CancellationToken cancellationToken) =>
        (await QueryFirstOrDefaultAsync<PoolRow>("SELECT * FROM pools WHERE name = @name", new { name }, cancellationToken).ConfigureAwait(false))?.ToInfo();

    public async Task<IReadOnlyList<PoolInfo>> ListPoolsAsync(CancellationToken cancellationToken) =>
        (await QueryAsync<PoolRow>("SELECT * FROM pools ORDER BY name", null, cancellationToken).ConfigureAwait(false)).ConvertAll(r => r.ToInfo());

    public async Task<bool> DeletePoolAsync(string name, CancellationToken cancellationToken) =>
        await ExecuteAsync("DELETE FROM pools WHERE name = @name", new { name }, cancellationToken).ConfigureAwait(false) > 0;

    public Task<RuleInfo> CreateRuleAsync(RuleSettings settings, RuleStatus status, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var row = RuleRow.From(settings);
        row.Status = ColumnValues.Text(status);
        row.CreatedAt = ColumnValues.Ms(now);
        return UniqueAsync(
            async () => (await QueryFirstOrDefaultAsync<RuleRow>(
                $"INSERT INTO rules ({RuleRow.SettingsColumns}, status, created_at) VALUES ({RuleRow.SettingsParameters}, @Status, @CreatedAt) RETURNING *",
                row,
                cancellationToken).ConfigureAwait(false))!.ToInfo(),
            $"rule '{settings.Name}' exists");
    }

    public async Task<RuleInfo?> FindRuleAsync(long id, CancellationToken cancellationToken) =>
        (await QueryFirstOrDefaultAsync<RuleRow>("SELECT * FROM rules WHERE id = @id", new { id }, cancellationToken).ConfigureAwait(false))?.ToInfo();

    public async Task<IReadOnlyList<RuleInfo>> ListRulesAsync(CancellationToken cancellationToken) =>
        (await QueryAsync<RuleRow>("SELECT * FROM rules ORDER BY id", null, cancellationToken).ConfigureAwait(false)).ConvertAll(r => r.ToInfo());

    public Task<RuleInfo?> UpdateRuleAsync(long id, RuleSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var row = RuleRow.From(settings);
        row.Id = id;
        var assignments = string.Join(", ", RuleRow.SettingsColumns.Split(", ").Zip(RuleRow.SettingsParameters.Split(", "), (c, p) => $"{c} = {p}"));
        return UniqueAsync(
            async () => (await QueryFirstOrDefaultAsync<RuleRow>($"UPDATE rules SET {assignments} WHERE id = @Id RETURNING *", row, cancellationToken).ConfigureAwait(false))?.ToInfo(),
            $"rule '{settings.Name}' exists");
    }

    public async Task<RuleInfo?> SetRuleStatusAsync(long id, RuleStatus status, CancellationToken cancellationToken) =>
        (await QueryFirstOrDefaultAsync<RuleRow>(
            "UPDATE rules SET status = @status WHERE id = @id RETURNING *",
            new { id, status = ColumnValues.Text(status) },
            cancellationToken).ConfigureAwait(false))?.ToInfo();

    public Task SetRuleLastRunAsync(long id, DateTimeOffset time, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE rules SET last_run_at = @time WHERE id = @id", new { id, time = ColumnValues.Ms(time) }, cancellationToken);

    public async Task<bool> DeleteRuleAsync(long id, CancellationToken cancellationToken) =>
        await ExecuteAsync("DELETE FROM rules WHERE id = @id", new { id }, cancellationToken).ConfigureAwait(false) > 0;
}
