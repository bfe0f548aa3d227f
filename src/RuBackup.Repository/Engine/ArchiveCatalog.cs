using RuBackup.Repository.Crypto;
using RuBackup.Repository.Format;

namespace RuBackup.Repository.Engine;

/// <summary>Reads manifests and answers questions about archives: which exist, which is a base of which.</summary>
public sealed class ArchiveCatalog
{
    private readonly BackupRepository _repository;

    internal ArchiveCatalog(BackupRepository repository) => _repository = repository;

    /// <summary>Reads one manifest; with a key it must authenticate, without one an encrypted header is only read.</summary>
    public async Task<ArchiveManifest> ReadAsync(string archiveId, MasterKey? key, CancellationToken cancellationToken = default)
    {
        var bytes = await _repository.Device.GetManifestAsync(archiveId, cancellationToken).ConfigureAwait(false);
        return ManifestCodec.Deserialize(bytes, key, $"manifest {archiveId}");
    }

    /// <summary>All listed archives, oldest first. A damaged manifest is reported, not skipped silently.</summary>
    public async Task<IReadOnlyList<ArchiveManifest>> ListAsync(CancellationToken cancellationToken = default)
    {
        var ids = await _repository.Device.ListManifestsAsync(cancellationToken).ConfigureAwait(false);
        var manifests = new List<ArchiveManifest>(ids.Count);
        foreach (var id in ids)
        {
            manifests.Add(await ReadAsync(id, null, cancellationToken).ConfigureAwait(false));
        }
        return [.. manifests.OrderBy(m => m.Created).ThenBy(m => m.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The archive and the bases it needs, oldest (the full) first. Throws naming the missing base
    /// when the chain is broken.
    /// </summary>
    public async Task<IReadOnlyList<ArchiveManifest>> ChainAsync(string archiveId, MasterKey? key, CancellationToken cancellationToken = default)
    {
        var chain = new List<ArchiveManifest>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? next = archiveId;
        while (next is not null)
        {
            if (!seen.Add(next))
            {
                throw new DamagedDataException($"archive {archiveId}: its chain loops at {next}");
            }
            ArchiveManifest manifest;
            try
            {
                manifest = await ReadAsync(next, key, cancellationToken).ConfigureAwait(false);
            }
            catch (RepositoryException e) when (next != archiveId && e is not DamagedDataException)
            {
                throw new RepositoryException($"archive {archiveId} needs base {next}, which cannot be read: {e.Message}", e);
            }
            chain.Add(manifest);
            next = manifest.Base;
        }
        chain.Reverse();
        return chain;
    }

    /// <summary>Maps each archive to the chain (its id and every base's id) from the manifests given.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Chains(IReadOnlyList<ArchiveManifest> manifests)
    {
        var byId = manifests.ToDictionary(m => m.Id, StringComparer.Ordinal);
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var manifest in manifests)
        {
            var chain = new List<string>();
            var current = manifest;
            while (current is not null && chain.Count <= manifests.Count)
            {
                chain.Add(current.Id);
                current = current.Base is not null && byId.TryGetValue(current.Base, out var b) ? b : null;
            }
            result[manifest.Id] = chain;
        }
        return result;
    }

    /// <summary>
    /// The base a new archive of <paramref name="type"/> would use: for an incremental the newest
    /// archive of the resource, for a differential the newest full. Null when there is none.
    /// </summary>
    public async Task<ArchiveManifest?> FindBaseAsync(string sourceType, string resource, ArchiveType type, CancellationToken cancellationToken = default)
    {
        if (type == ArchiveType.Full)
        {
            return null;
        }
        var candidates = (await ListAsync(cancellationToken).ConfigureAwait(false))
            .Where(m => m.SourceType == sourceType && m.Resource == resource)
            .Where(m => type == ArchiveType.Incremental || m.Type == ArchiveType.Full);
        return candidates.LastOrDefault();
    }
}
