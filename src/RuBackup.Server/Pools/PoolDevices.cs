using System.Collections.Concurrent;
using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Repository.Engine;
using RuBackup.Repository.Storage;
using RuBackup.Server.Api;

namespace RuBackup.Server.Pools;

/// <summary>
/// One <see cref="LocalFolderDevice"/> per pool for the server's lifetime: the device caches open pack
/// readers and created folders, and every task of a pool shares it.
/// </summary>
public sealed class PoolDevices(ICatalog catalog, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, LocalFolderDevice> _devices = new(StringComparer.Ordinal);

    public LocalFolderDevice For(PoolInfo pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return _devices.GetOrAdd(pool.Name, _ => new LocalFolderDevice(pool.Path));
    }

    public async Task<LocalFolderDevice> ForAsync(string poolName, CancellationToken cancellationToken)
    {
        if (_devices.TryGetValue(poolName, out var device))
        {
            return device;
        }
        var pool = await catalog.FindPoolAsync(poolName, cancellationToken).ConfigureAwait(false)
            ?? throw ApiException.Conflict($"pool '{poolName}' no longer exists");
        return For(pool);
    }

    public async Task<BackupRepository> OpenAsync(string poolName, CancellationToken cancellationToken) =>
        await BackupRepository.OpenAsync(await ForAsync(poolName, cancellationToken).ConfigureAwait(false), time, cancellationToken).ConfigureAwait(false);

    public void Forget(string poolName) => _devices.TryRemove(poolName, out _);
}
