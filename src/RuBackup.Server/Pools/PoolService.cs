using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Repository;
using RuBackup.Repository.Engine;
using RuBackup.Repository.Format;
using RuBackup.Server.Api;
using RuBackup.Server.Auth;
using RuBackup.Server.Options;
using RuBackup.Server.Services;

namespace RuBackup.Server.Pools;

/// <summary>
/// Storage pools: each a folder on the server holding the repository format, plain or deduplicating.
/// Creating one initializes the repository there; deleting one only forgets it in the catalog (the
/// folder and its data stay) and is refused while archives or rules use it.
/// </summary>
public sealed class PoolService(ICatalog catalog, PoolDevices devices, ServerOptions options, AuditLog audit, TimeProvider time)
{
    public Task<IReadOnlyList<PoolInfo>> ListAsync(CancellationToken cancellationToken) => catalog.ListPoolsAsync(cancellationToken);

    public async Task<PoolInfo> CreateAsync(Caller caller, CreatePoolRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        NameRules.Require(request.Name, "name", "pool name");
        if (!Enum.IsDefined(request.Kind))
        {
            throw ApiException.BadRequest("kind", "kind must be Plain or Dedup");
        }
        var path = request.Path ?? Path.Combine(options.DataFolder, "pools", request.Name);
        if (!System.IO.Path.IsPathFullyQualified(path))
        {
            throw ApiException.BadRequest("path", $"the pool folder must be an absolute path ('{path}' given)");
        }
        path = System.IO.Path.GetFullPath(path);
        var chunkSize = request.ChunkSize ?? RepositoryConfig.DefaultChunkSize;
        try
        {
            RepositoryConfig.ValidateChunkSize(chunkSize);
        }
        catch (RepositoryException e)
        {
            throw ApiException.BadRequest("chunkSize", e.Message);
        }
        var pools = await catalog.ListPoolsAsync(cancellationToken).ConfigureAwait(false);
        if (pools.Any(p => p.Name == request.Name))
        {
            throw ApiException.Conflict($"pool '{request.Name}' exists");
        }
        if (pools.FirstOrDefault(p => p.Path == path) is { } other)
        {
            throw ApiException.Conflict($"folder {path} is already pool '{other.Name}'");
        }
        try
        {
            await BackupRepository.InitAsync(new Repository.Storage.LocalFolderDevice(path), request.Kind == PoolKind.Dedup, chunkSize, encryptionRequired: false, time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RepositoryException or IOException or UnauthorizedAccessException)
        {
            throw ApiException.Conflict($"cannot create pool '{request.Name}' in {path}: {e.Message}");
        }
        var pool = new PoolInfo(request.Name, request.Kind, path, chunkSize, request.Description, time.GetUtcNow());
        await catalog.CreatePoolAsync(pool, cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(caller, "pool.create", pool.Name, $"{pool.Kind}, {path}, chunk {chunkSize}", cancellationToken).ConfigureAwait(false);
        return pool;
    }

    public async Task DeleteAsync(Caller caller, string name, CancellationToken cancellationToken)
    {
        var pool = await catalog.FindPoolAsync(name, cancellationToken).ConfigureAwait(false) ?? throw ApiException.NotFound($"no pool '{name}'");
        var archives = await catalog.ListArchivesAsync(new ArchiveQuery(Pool: name), cancellationToken).ConfigureAwait(false);
        if (archives.Count > 0)
        {
            throw ApiException.Conflict($"pool '{name}' holds {archives.Count} archive(s); delete them first");
        }
        var rules = (await catalog.ListRulesAsync(cancellationToken).ConfigureAwait(false))
            .Where(r => r.Settings.Pool == name || r.Settings.MoveToPool == name).ToList();
        if (rules.Count > 0)
        {
            throw ApiException.Conflict($"pool '{name}' is used by rule(s) {string.Join(", ", rules.Select(r => r.Settings.Name))}");
        }
        if (!await catalog.DeletePoolAsync(name, cancellationToken).ConfigureAwait(false))
        {
            throw ApiException.NotFound($"no pool '{name}'");
        }
        devices.Forget(name);
        await audit.RecordAsync(caller, "pool.delete", name, $"folder {pool.Path} kept", cancellationToken).ConfigureAwait(false);
    }
}
