using System.Data.Common;
using Dapper;
using RuBackup.Api;

namespace RuBackup.Catalog;

/// <summary>Archives: rows with their base link; the chain is computed by following the links.</summary>
internal abstract partial class SqlCatalog
{
    /// <summary>Ids per IN (...) query when fetching bases, well under both providers' parameter limits.</summary>
    private const int LinkBatch = 500;

    public Task CreateArchiveAsync(ArchiveInfo archive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archive);
        return UniqueAsync(
            () => ExecuteAsync($"INSERT INTO archives ({ArchiveRow.Columns}) VALUES ({ArchiveRow.Parameters})", ArchiveRow.From(archive), cancellationToken),
            $"archive '{archive.Id}' exists");
    }

    public async Task<ArchiveInfo?> FindArchiveAsync(string id, CancellationToken cancellationToken)
    {
        var result = await ReadArchivesAsync($"{ArchiveRow.Select} WHERE id = @id", new { id }, cancellationToken).ConfigureAwait(false);
        return result.Count == 0 ? null : result[0];
    }

    public Task<IReadOnlyList<ArchiveInfo>> ListArchivesAsync(ArchiveQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var conditions = new List<string>();
        if (query.ClientId is not null)
        {
            conditions.Add("client_id = @ClientId");
        }

        if (query.Resource is not null)
        {
            conditions.Add("resource = @Resource");
        }

        if (query.Pool is not null)
        {
            conditions.Add("pool = @Pool");
        }

        if (query.Status is not null)
        {
            conditions.Add("status = @Status");
        }

        if (query.RuleId is not null)
        {
            conditions.Add("rule_id = @RuleId");
        }

        var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
        return ReadArchivesAsync($"{ArchiveRow.Select} {where} ORDER BY created_at DESC, id DESC", query, cancellationToken);
    }

    public async Task<bool> SetArchiveStatusAsync(string id, string status, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE archives SET status = @status WHERE id = @id", new { id, status }, cancellationToken).ConfigureAwait(false) > 0;

    public async Task<bool> SetArchiveStoredBytesAsync(string id, long sourceBytes, long storedBytes, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE archives SET source_bytes = @sourceBytes, stored_bytes = @storedBytes WHERE id = @id",
            new { id, sourceBytes, storedBytes },
            cancellationToken).ConfigureAwait(false) > 0;

    public async Task<bool> DeleteArchiveAsync(string id, CancellationToken cancellationToken) =>
        await ExecuteAsync("DELETE FROM archives WHERE id = @id", new { id }, cancellationToken).ConfigureAwait(false) > 0;

    private async Task<IReadOnlyList<ArchiveInfo>> ReadArchivesAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = (await connection.QueryAsync<ArchiveRow>(Command(sql, parameters, cancellationToken)).ConfigureAwait(false)).AsList();
            var links = await LinksAsync(connection, rows, cancellationToken).ConfigureAwait(false);
            return rows.ConvertAll(r => r.ToInfo(Chain(r.Id, links)));
        }
    }

    /// <summary>Base links of the rows and of every ancestor, fetched level by level (usually the rows already hold them).</summary>
    private static async Task<Dictionary<string, string?>> LinksAsync(DbConnection connection, List<ArchiveRow> rows, CancellationToken cancellationToken)
    {
        var links = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            links[row.Id] = row.BaseId;
        }

        var asked = new HashSet<string>(links.Keys, StringComparer.Ordinal);
        var wanted = links.Values.OfType<string>().Where(asked.Add).ToList();
        while (wanted.Count > 0)
        {
            foreach (var batch in wanted.Chunk(LinkBatch))
            {
                var parameters = new DynamicParameters();
                var names = new List<string>(batch.Length);
                for (var i = 0; i < batch.Length; i++)
                {
                    parameters.Add("id" + i, batch[i]);
                    names.Add("@id" + i);
                }

                var found = await connection.QueryAsync<ArchiveLink>(Command(
                    $"SELECT id, base_id FROM archives WHERE id IN ({string.Join(", ", names)})", parameters, cancellationToken)).ConfigureAwait(false);
                foreach (var link in found)
                {
                    links[link.Id] = link.BaseId;
                }
            }

            wanted = wanted.Select(id => links.GetValueOrDefault(id)).OfType<string>().Where(asked.Add).ToList();
        }

        return links;
    }

    /// <summary>
    /// Oldest first, ending with <paramref name="id"/>. A base missing from the catalog still appears (a
    /// restore would need it) but ends the walk; a cycle, which only a damaged catalog holds, ends it too.
    /// </summary>
    private static List<string> Chain(string id, Dictionary<string, string?> links)
    {
        var chain = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (string? current = id; current is not null && seen.Add(current); current = links.GetValueOrDefault(current))
        {
            chain.Add(current);
        }

        chain.Reverse();
        return chain;
    }
}
