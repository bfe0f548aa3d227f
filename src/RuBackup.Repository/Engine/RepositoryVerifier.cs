using System.Collections.Concurrent;
using RuBackup.Repository.Crypto;
using RuBackup.Repository.Format;
using RuBackup.Repository.Signing;
using RuBackup.Repository.Storage;

namespace RuBackup.Repository.Engine;

public sealed record DamagedChunk(ChunkContainer Container, ChunkDigest Digest, string Reason, IReadOnlyList<string> AffectedArchives);

public sealed record DamagedManifest(string ArchiveId, string Reason, IReadOnlyList<string> AffectedArchives);

public sealed record VerifyReport
{
    public required IReadOnlyList<DamagedChunk> DamagedChunks { get; init; }

    public required IReadOnlyList<DamagedManifest> DamagedManifests { get; init; }

    public required long ArchivesChecked { get; init; }

    public required long ChunksChecked { get; init; }

    public required long BytesChecked { get; init; }

    /// <summary>Checks that could not be made (no key), so the operator knows what "clean" covered.</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>
    /// The signature judgement of every readable manifest in scope (the verified archive, then its
    /// bases; or the whole pool). Without <see cref="RepositoryVerifier.Signers"/> signed manifests are "unchecked".
    /// </summary>
    public IReadOnlyList<SignatureCheck> Signatures { get; init; } = [];

    /// <summary>A chunk or a manifest failed its checks (whoever signed them).</summary>
    public bool Damaged => DamagedChunks.Count > 0 || DamagedManifests.Count > 0;

    /// <summary>No damage, and no manifest signed by a key the given list does not know.</summary>
    public bool Clean => !Damaged && Signatures.All(s => s.Acceptable);
}

/// <summary>
/// Reads every chunk that the archives in scope need (or every chunk in the pool) and checks, in
/// order: the blob checksum (no key needed), authentication and the digest of the plaintext (when the
/// key of the archive is given, or the archive is unencrypted). Reports each damaged chunk with every
/// archive whose restore would need it. Every manifest in scope is also judged by who signed it.
/// </summary>
public sealed class RepositoryVerifier
{
    private readonly BackupRepository _repository;

    public RepositoryVerifier(BackupRepository repository) => _repository = repository;

    /// <summary>The client keys to judge manifest signatures by; null: signatures are checked, signers not judged.</summary>
    public TrustedSigners? Signers { get; init; }

    public async Task<VerifyReport> VerifyAsync(string? archiveId, MasterKey? key, TransferProgress? progress = null, CancellationToken cancellationToken = default)
    {
        var device = _repository.Device;
        var notes = new List<string>();
        var damagedManifests = new List<(string Id, string Reason)>();
        var manifests = new Dictionary<string, ArchiveManifest>(StringComparer.Ordinal);
        foreach (var id in await device.ListManifestsAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                var header = await _repository.Catalog.ReadAsync(id, null, cancellationToken).ConfigureAwait(false);
                if (header.Encrypted && key is null)
                {
                    notes.Add($"archive {id}: encrypted, manifest authentication and chunk contents not checked without its key");
                    manifests[id] = header;
                }
                else if (header.Encrypted && header.KeyId != key!.KeyId)
                {
                    notes.Add($"archive {id}: written with key {header.KeyId}, not {key.KeyId}; only checksums checked");
                    manifests[id] = header;
                }
                else
                {
                    manifests[id] = await _repository.Catalog.ReadAsync(id, key, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (RepositoryException e)
            {
                damagedManifests.Add((id, e.Message));
            }
        }

        var scope = archiveId is null ? [.. manifests.Keys] : ScopeOf(archiveId, manifests, damagedManifests);
        var chains = ArchiveCatalog.Chains([.. manifests.Values]);
        var needs = new Dictionary<(ChunkContainer, ChunkDigest), (List<string> Archives, bool Decode)>();
        var checkedArchives = 0L;
        foreach (var id in scope)
        {
            if (!manifests.TryGetValue(id, out var manifest))
            {
                continue;
            }
            var chain = chains[id].Select(c => manifests[c]).Reverse().ToList();
            if (chain[0].Type != ArchiveType.Full || chain[0].Base is not null)
            {
                // The chain stops at a base that is unreadable (already reported above) or gone: a gone
                // one is reported here, or a whole-pool verify would call a broken chain clean.
                if (chain[0].Base is { } missing && damagedManifests.All(d => d.Id != missing))
                {
                    damagedManifests.Add((missing, $"base of {chain[0].Id} is missing"));
                }
                continue;
            }
            checkedArchives++;
            var decode = !manifest.Encrypted || manifest.KeyId == key?.KeyId;
            foreach (var disk in ResolvedDisk.Resolve(chain, _repository.ContainerOf))
            {
                for (long p = 0; p < disk.Count; p++)
                {
                    if (disk.IsHole(p))
                    {
                        continue;
                    }
                    var slot = (disk.ContainerAt(p), disk.DigestAt(p));
                    if (!needs.TryGetValue(slot, out var need))
                    {
                        need = ([], decode);
                        needs[slot] = need;
                    }
                    if (need.Archives.Count == 0 || need.Archives[^1] != id)
                    {
                        need.Archives.Add(id);
                    }
                }
            }
        }

        var work = needs.Select(n => (n.Key.Item1, n.Key.Item2, n.Value.Decode, (IReadOnlyList<string>)n.Value.Archives)).ToList();
        if (archiveId is null)
        {
            // Whole-pool verify also reads chunks no archive needs: damage there is harmless but worth knowing.
            foreach (var container in await device.ListContainersAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await foreach (var stored in device.ListChunksAsync(container, cancellationToken).ConfigureAwait(false))
                    {
                        if (!needs.ContainsKey((container, stored.Digest)))
                        {
                            work.Add((container, stored.Digest, false, []));
                        }
                    }
                }
                catch (RepositoryException e)
                {
                    notes.Add($"{container}: cannot be listed: {e.Message}");
                }
            }
        }

        var damaged = new ConcurrentBag<DamagedChunk>();
        long bytes = 0;
        if (progress is not null)
        {
            progress.Total = work.Count;
        }
        // Each chunk is opened with the algorithm its header names: archives of one key may use several.
        using var keyring = key is null ? null : new ChunkKeyring(key);
        var plain = new ChunkHasher(null);
        await Parallel.ForEachAsync(work, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, async (item, ct) =>
        {
            var (container, digest, decode, archives) = item;
            try
            {
                var blob = await device.GetChunkAsync(container, digest, ct).ConfigureAwait(false);
                Interlocked.Add(ref bytes, blob.Length);
                var header = ChunkCodec.CheckIntegrity(blob);
                if (decode)
                {
                    var buffer = new byte[Math.Max(header.PlainLength, 1)];
                    if (header.Encryption != ChunkEncryption.None && keyring is not null)
                    {
                        var (cipher, keyed) = keyring.For(header.Encryption);
                        ChunkCodec.Decode(blob, digest, cipher, keyed, buffer);
                    }
                    else
                    {
                        // An encrypted chunk without a key fails here with "no key was given": reported as damage.
                        ChunkCodec.Decode(blob, digest, null, plain, buffer);
                    }
                }
            }
            catch (RepositoryException e)
            {
                damaged.Add(new DamagedChunk(container, digest, e.Message, archives));
            }
            progress?.Add(1);
        }).ConfigureAwait(false);

        if (archiveId is not null)
        {
            // Verifying one archive reports only damage on its own chain.
            damagedManifests.RemoveAll(d => d.Id != archiveId && !scope.Contains(d.Id) && !IsBaseOf(d.Id, scope, manifests));
        }
        var dependents = damagedManifests.Select(d => new DamagedManifest(d.Id, d.Reason,
            [.. chains.Where(c => c.Value.Contains(d.Id) || (manifests.TryGetValue(c.Value[^1], out var root) && root.Base == d.Id)).Select(c => c.Key)])).ToList();
        return new VerifyReport
        {
            DamagedChunks = [.. damaged.OrderBy(d => d.Digest)],
            DamagedManifests = dependents,
            ArchivesChecked = checkedArchives,
            ChunksChecked = work.Count,
            BytesChecked = bytes,
            Notes = notes,
            Signatures = [.. scope.Where(manifests.ContainsKey).Select(id => TrustedSigners.Judge(manifests[id], Signers))],
        };
    }

    private static bool IsBaseOf(string id, List<string> scope, Dictionary<string, ArchiveManifest> manifests) =>
        scope.Any(s => manifests.TryGetValue(s, out var m) && m.Base == id);

    private static List<string> ScopeOf(string archiveId, Dictionary<string, ArchiveManifest> manifests, List<(string Id, string Reason)> damaged)
    {
        if (damaged.Any(d => d.Id == archiveId))
        {
            return [archiveId];
        }
        if (!manifests.ContainsKey(archiveId))
        {
            throw new RepositoryException($"no archive '{archiveId}'");
        }
        var chain = new List<string>();
        string? next = archiveId;
        while (next is not null && manifests.TryGetValue(next, out var manifest))
        {
            chain.Add(next);
            next = manifest.Base;
        }
        if (next is not null && damaged.All(d => d.Id != next))
        {
            damaged.Add((next, $"base of {archiveId} is missing"));
        }
        return chain;
    }
}
