using RuBackup.Repository.Format;
using RuBackup.Repository.Storage;

namespace RuBackup.Repository.Engine;

public sealed record GcReport(long ChunksKept, long ChunksRemoved, long BytesRemoved, long LeftoversRemoved, long LeftoverBytesRemoved, DateTimeOffset Cutoff);

/// <summary>
/// Mark and sweep, after Proxmox's chunk store, safe beside running backups:
/// <list type="number">
/// <item>cutoff = the earlier of now and the start of the oldest running writer, minus a grace;</item>
/// <item>mark: every chunk any listed manifest references (an unreadable manifest stops gc: we could
/// not know what it needs);</item>
/// <item>sweep: delete unmarked chunks last touched before the cutoff. A running writer touches every
/// chunk it reuses and writes every chunk it adds after its own start, so all of them are newer than
/// the cutoff, whether or not its manifest existed when we marked.</item>
/// </list>
/// </summary>
public sealed class GarbageCollector
{
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(2);
    private readonly BackupRepository _repository;

    public GarbageCollector(BackupRepository repository) => _repository = repository;

    public async Task<GcReport> CollectAsync(TimeSpan? grace = null, CancellationToken cancellationToken = default)
    {
        if (grace < TimeSpan.Zero)
        {
            // A negative grace moves the cutoff past a running writer's start and would delete chunks it just wrote.
            throw new RepositoryException($"gc: the grace period must not be negative ({grace.Value.TotalSeconds:0} seconds given)");
        }
        var device = _repository.Device;
        var start = DateTimeOffset.UtcNow;
        var oldestWriter = await device.OldestActiveWriterAsync(cancellationToken).ConfigureAwait(false);
        var cutoff = (oldestWriter is { } w && w < start ? w : start) - (grace ?? DefaultGrace);

        IReadOnlyList<ArchiveManifest> manifests;
        try
        {
            manifests = await _repository.Catalog.ListAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RepositoryException e)
        {
            throw new RepositoryException($"gc stopped before deleting anything: {e.Message}; run verify and remove or repair that archive first", e);
        }
        var marked = new Dictionary<string, HashSet<ChunkDigest>>(StringComparer.Ordinal);
        // Every archive of a dedup pool lives in its shared store, whatever kind its manifest was written
        // into (a moved archive keeps its manifest bytes): see BackupRepository.ContainerOf.
        foreach (var manifest in manifests.Where(_ => _repository.Config.StoreKind == ChunkStoreKind.Shared))
        {
            if (!marked.TryGetValue(manifest.SourceType, out var set))
            {
                set = [];
                marked[manifest.SourceType] = set;
            }
            foreach (var entry in manifest.Disks.SelectMany(d => d.Entries).Where(e => !e.Zero))
            {
                set.Add(entry.Digest);
            }
        }

        long removed = 0, bytes = 0;
        foreach (var container in (await device.ListContainersAsync(cancellationToken).ConfigureAwait(false)).Where(c => c.Kind == ChunkStoreKind.Shared))
        {
            var keep = marked.GetValueOrDefault(container.Name) ?? [];
            var (count, size) = await device.SweepAsync(container, keep, cutoff, cancellationToken).ConfigureAwait(false);
            removed += count;
            bytes += size;
        }
        var (leftovers, leftoverBytes) = await device.RemoveLeftoversAsync(cutoff, cancellationToken).ConfigureAwait(false);
        return new GcReport(marked.Values.Sum(s => (long)s.Count), removed, bytes, leftovers, leftoverBytes, cutoff);
    }
}
