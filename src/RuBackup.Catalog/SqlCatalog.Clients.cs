using System.Data.Common;
using Dapper;
using RuBackup.Api;

namespace RuBackup.Catalog;

/// <summary>Clients keyed by their public key, and the resources each last reported.</summary>
internal abstract partial class SqlCatalog
{
    public async Task<ClientRecord> RegisterClientAsync(ClientRegistration registration, string keyFingerprint, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);

        // One statement, so two registrations with the same key at once end in one row. The upsert's target
        // is the key only: a new key with a taken name violates clients.name and becomes a conflict.
        const string sql = """
            INSERT INTO clients (name, hostname, public_key, key_fingerprint, status, modules, centralized_restore, version, registered_at, last_seen_at)
            VALUES (@Name, @Hostname, @PublicKey, @KeyFingerprint, @Status, @Modules, @CentralizedRestore, @Version, @Now, @Now)
            ON CONFLICT (public_key) DO UPDATE SET
              hostname = excluded.hostname,
              modules = excluded.modules,
              centralized_restore = excluded.centralized_restore,
              version = excluded.version,
              last_seen_at = excluded.last_seen_at
            RETURNING *
            """;
        var parameters = new
        {
            registration.Name,
            registration.Hostname,
            registration.PublicKey,
            KeyFingerprint = keyFingerprint,
            Status = ColumnValues.Text(ClientStatus.Unauthorized),
            Modules = ColumnValues.Json(registration.Modules),
            registration.CentralizedRestore,
            registration.Version,
            Now = ColumnValues.Ms(now),
        };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return (await QueryFirstOrDefaultAsync<ClientRow>(sql, parameters, cancellationToken).ConfigureAwait(false))!.ToRecord();
            }
            catch (DbException e) when (IsUniqueViolation(e))
            {
                // PostgreSQL arbitrates only the key's index: a concurrent first registration of the same key
                // and name can surface as a violation of clients.name. The key exists now, so the retry updates.
                var sameKey = await QueryFirstOrDefaultAsync<long?>(
                    "SELECT id FROM clients WHERE public_key = @PublicKey", new { registration.PublicKey }, cancellationToken).ConfigureAwait(false);
                if (sameKey is null || attempt == 3)
                {
                    throw new CatalogConflictException($"client '{registration.Name}' exists with another key");
                }
            }
        }
    }

    public async Task<ClientRecord?> FindClientAsync(long id, CancellationToken cancellationToken) =>
        (await QueryFirstOrDefaultAsync<ClientRow>("SELECT * FROM clients WHERE id = @id", new { id }, cancellationToken).ConfigureAwait(false))?.ToRecord();

    public async Task<ClientRecord?> FindClientByNameAsync(string name, CancellationToken cancellationToken) =>
        (await QueryFirstOrDefaultAsync<ClientRow>("SELECT * FROM clients WHERE name = @name", new { name }, cancellationToken).ConfigureAwait(false))?.ToRecord();

    public async Task<IReadOnlyList<ClientRecord>> ListClientsAsync(ClientStatus? status, CancellationToken cancellationToken)
    {
        var rows = status is null
            ? await QueryAsync<ClientRow>("SELECT * FROM clients ORDER BY id", null, cancellationToken).ConfigureAwait(false)
            : await QueryAsync<ClientRow>("SELECT * FROM clients WHERE status = @status ORDER BY id", new { status = ColumnValues.Text(status) }, cancellationToken).ConfigureAwait(false);
        return rows.ConvertAll(r => r.ToRecord());
    }

    public async Task<bool> SetClientStatusAsync(long id, ClientStatus status, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE clients SET status = @status WHERE id = @id", new { id, status = ColumnValues.Text(status) }, cancellationToken).ConfigureAwait(false) > 0;

    public async Task<bool> SetClientGroupAsync(long id, string? group, CancellationToken cancellationToken) =>
        await ExecuteAsync("UPDATE clients SET client_group = @group WHERE id = @id", new { id, group }, cancellationToken).ConfigureAwait(false) > 0;

    public Task TouchClientAsync(long id, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE clients SET last_seen_at = @now WHERE id = @id", new { id, now = ColumnValues.Ms(now) }, cancellationToken);

    public async Task<bool> DeleteClientAsync(long id, CancellationToken cancellationToken) =>
        await ExecuteAsync("DELETE FROM clients WHERE id = @id", new { id }, cancellationToken).ConfigureAwait(false) > 0;

    public Task SaveResourcesAsync(long clientId, ResourceReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rows = report.Resources.Select((r, i) => new ResourceRow
        {
            ClientId = clientId,
            Type = report.Type,
            Ordinal = i,
            ResourceId = r.Id,
            Name = r.Name,
            Status = r.Status,
        }).ToList();
        return InWriteTransactionAsync(
            async (connection, transaction) =>
            {
                await connection.ExecuteAsync(Command(
                    "DELETE FROM client_resources WHERE client_id = @clientId AND type = @Type",
                    new { clientId, report.Type },
                    cancellationToken,
                    transaction)).ConfigureAwait(false);
                if (rows.Count > 0)
                {
                    await connection.ExecuteAsync(Command(
                        "INSERT INTO client_resources (client_id, type, ordinal, resource_id, name, status) VALUES (@ClientId, @Type, @Ordinal, @ResourceId, @Name, @Status)",
                        rows,
                        cancellationToken,
                        transaction)).ConfigureAwait(false);
                }

                return rows.Count;
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<ResourceInfo>> ListResourcesAsync(long clientId, CancellationToken cancellationToken) =>
        (await QueryAsync<ResourceRow>("SELECT * FROM client_resources WHERE client_id = @clientId ORDER BY type, ordinal", new { clientId }, cancellationToken).ConfigureAwait(false))
            .ConvertAll(r => r.ToInfo());
}
