using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Repository.Engine;
using RuBackup.Server.Api;
using RuBackup.Server.Auth;
using RuBackup.Server.Pools;
using RuBackup.Server.Services;

namespace RuBackup.Server.Moves;

/// <summary>
/// One garbage collection of a pool (the engine's <see cref="GarbageCollector"/>: safe beside running
/// backups, moves and restores), recorded in pools.last_gc_at. Runs of one pool are serialized: two
/// at once would only do the same work twice.
/// </summary>
public sealed partial class PoolGarbageCollection(ICatalog catalog, PoolDevices devices, AuditLog audit, TimeProvider time, ILogger<PoolGarbageCollection> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The manual run (rb_admin pools gc). A plain pool has no shared store, but its leftovers of interrupted writes go.</summary>
    public async Task<PoolGcReport> CollectAsync(Caller caller, string name, CancellationToken cancellationToken)
    {
        var pool = await catalog.FindPoolAsync(name, cancellationToken).ConfigureAwait(false) ?? throw ApiException.NotFound($"no pool '{name}'");
        var report = await CollectAsync(pool, cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(caller, "pool.gc", name, $"{report.ChunksRemoved} chunks ({report.BytesRemoved} bytes) removed", cancellationToken).ConfigureAwait(false);
        return report;
    }

    public async Task<PoolGcReport> CollectAsync(PoolInfo pool, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var repository = await devices.OpenAsync(pool.Name, cancellationToken).ConfigureAwait(false);
            var gc = await new GarbageCollector(repository).CollectAsync(null, cancellationToken).ConfigureAwait(false);
            var finished = time.GetUtcNow();
            await catalog.SetPoolLastGcAsync(pool.Name, finished, cancellationToken).ConfigureAwait(false);
            LogCollected(logger, pool.Name, gc.ChunksKept, gc.ChunksRemoved, gc.BytesRemoved, gc.LeftoversRemoved, gc.LeftoverBytesRemoved);
            return new PoolGcReport(pool.Name, gc.ChunksKept, gc.ChunksRemoved, gc.BytesRemoved, gc.LeftoversRemoved, gc.LeftoverBytesRemoved, finished);
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "gc of pool {Pool}: {Kept} chunks kept, {Removed} removed ({Bytes} bytes), {Leftovers} leftover file(s) removed ({LeftoverBytes} bytes)")]
    private static partial void LogCollected(ILogger logger, string pool, long kept, long removed, long bytes, long leftovers, long leftoverBytes);
}
