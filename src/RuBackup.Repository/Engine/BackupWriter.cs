using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using RuBackup.Repository.Crypto;
using RuBackup.Repository.Format;
using RuBackup.Repository.Storage;

namespace RuBackup.Repository.Engine;

/// <summary>
/// Writes one archive. Workers (one per core) each claim chunk positions, read them, and carry them
/// through zero check, hashing, comparison with the base state and deduplication inside the archive;
/// those left are batched (about 4 MiB of plaintext per worker): the pool is asked once which it lacks,
/// and the missing ones are compressed, encrypted and put in one call. Memory is two batch buffers per
/// worker, whatever the disk size. The manifest is committed only after every chunk is durable.
/// </summary>
public sealed class BackupWriter
{
    private readonly BackupRepository _repository;

    public BackupWriter(BackupRepository repository) => _repository = repository;

    public async Task<BackupResult> WriteAsync(BackupRequest request, TransferProgress? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var config = _repository.Config;
        var key = request.Key;
        if (key is null && config.EncryptionRequired)
        {
            throw new RepositoryException($"{_repository.Device.Description}: this repository requires encryption; give the master key (--key)");
        }
        if (key is null && request.Encryption is not null)
        {
            throw new RepositoryException($"encryption {request.Encryption.Name} needs the master key (--key)");
        }
        var algorithm = key is null ? null : request.Encryption ?? ChunkAlgorithm.Aes256Gcm;
        LocalFolderDevice.ValidateName(request.SourceType, "source type");
        ValidateDisks(request.Disks);
        var warnings = new List<string>();
        var clock = Stopwatch.StartNew();
        var created = _repository.Time.GetUtcNow();
        var id = NewArchiveId(created);

        var (type, baseArchive) = await ChooseBaseAsync(request, algorithm, warnings, cancellationToken).ConfigureAwait(false);
        var baseDisks = baseArchive is null
            ? []
            : ResolvedDisk.Resolve(await _repository.Catalog.ChainAsync(baseArchive.Id, key, cancellationToken).ConfigureAwait(false), _repository.ContainerOf)
                .ToDictionary(d => d.Name, StringComparer.Ordinal);

        var container = config.Dedup ? ChunkContainer.Shared(request.SourceType) : ChunkContainer.Pack(id);
        var plans = request.Disks.Select(d => new DiskPlan(d, baseDisks.GetValueOrDefault(d.Name), config.ChunkSize, request.ChangedExtents?.GetValueOrDefault(d.Name))).ToArray();
        if (progress is not null)
        {
            progress.Total = plans.Sum(p => p.BytesToRead);
        }

        var stats = new Counters();
        using var cipher = key is null ? null : algorithm!.CreateCipher(key);
        var hasher = key is null ? new ChunkHasher(null) : algorithm!.CreateHasher(key);
        await using var session = await _repository.Device.BeginWriteAsync(id, cancellationToken).ConfigureAwait(false);
        var job = new Job(plans, container, session, cipher, hasher, config.ChunkSize, stats, progress);
        var workers = request.Parallelism > 0 ? request.Parallelism : Environment.ProcessorCount;
        await job.RunAsync(workers, cancellationToken).ConfigureAwait(false);

        var manifest = new ArchiveManifest
        {
            Id = id,
            SourceType = request.SourceType,
            Resource = request.Resource,
            ResourceName = request.ResourceName ?? request.Resource,
            Created = created,
            Type = type,
            Base = baseArchive?.Id,
            ChunkSize = config.ChunkSize,
            ChunkStore = config.StoreKind,
            Encryption = algorithm?.Name ?? "none",
            KeyId = key?.KeyId,
            SignerKey = request.Signer?.PublicKey,
            SignerName = request.Signer?.Name,
            Disks = [.. plans.Select(p => new DiskIndex { Name = p.Source.Name, Size = p.Source.Length, Entries = p.SortedEntries() })],
            Metadata = request.Metadata,
            Stats = stats.ToStats(clock.ElapsedMilliseconds),
        };
        await session.CommitAsync(ManifestCodec.Serialize(manifest, key, request.Signer), cancellationToken).ConfigureAwait(false);
        return new BackupResult(manifest, warnings);
    }

    private async Task<(ArchiveType, ArchiveManifest?)> ChooseBaseAsync(BackupRequest request, ChunkAlgorithm? algorithm, List<string> warnings, CancellationToken cancellationToken)
    {
        if (request.Type == ArchiveType.Full)
        {
            return (ArchiveType.Full, null);
        }
        var found = await _repository.Catalog.FindBaseAsync(request.SourceType, request.Resource, request.Type, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            warnings.Add($"no {(request.Type == ArchiveType.Differential ? "full archive" : "archive")} of '{request.Resource}' to base a {request.Type.ToString().ToLowerInvariant()} on: taking a full backup");
            return (ArchiveType.Full, null);
        }
        if (found.KeyId != request.Key?.KeyId)
        {
            warnings.Add($"base {found.Id} was written with {(found.KeyId is null ? "no key" : "key " + found.KeyId)}, this backup uses {(request.Key is null ? "no key" : "key " + request.Key.KeyId)}: taking a full backup");
            return (ArchiveType.Full, null);
        }
        // Chunk names are keyed per algorithm and a restore opens a chain with one algorithm, so a
        // chain never changes algorithm: the base's chunks would not even be recognised as unchanged.
        if (algorithm is not null && found.Encryption != algorithm.Name)
        {
            warnings.Add($"base {found.Id} was encrypted with {found.Encryption}, this backup uses {algorithm.Name}: taking a full backup");
            return (ArchiveType.Full, null);
        }
        return (request.Type, found);
    }

    private static void ValidateDisks(IReadOnlyList<IDiskSource> disks)
    {
        if (disks.Count == 0)
        {
            throw new RepositoryException("a backup needs at least one disk");
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var disk in disks)
        {
            LocalFolderDevice.ValidateName(disk.Name, "disk name");
            if (!names.Add(disk.Name))
            {
                throw new RepositoryException($"disk name '{disk.Name}' is given twice");
            }
        }
    }

    /// <summary>
    /// Chunks a worker gathers before asking the pool: about <see cref="BatchBytes"/> of plaintext, so a
    /// worker holds two such buffers (plaintext and blobs), whatever the chunk size.
    /// </summary>
    internal static int BatchSlots(int chunkSize) => Math.Clamp(BatchBytes / chunkSize, 1, 64);

    internal const int BatchBytes = 4 << 20;

    /// <summary>Sortable and readable: creation time, then randomness so concurrent writers never collide.</summary>
    internal static string NewArchiveId(DateTimeOffset created) =>
        created.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    /// <summary>Which positions of one disk are read, and what the base state says about them.</summary>
    private sealed class DiskPlan
    {
        private readonly long[]? _positions;
        private readonly ConcurrentBag<IndexEntry> _entries = [];

        public DiskPlan(IDiskSource source, ResolvedDisk? baseDisk, int chunkSize, IReadOnlyList<ChangedExtent>? changed)
        {
            Source = source;
            Base = baseDisk;
            ChunkSize = chunkSize;
            ChunkCount = ResolvedDisk.ChunkCount(source.Length, chunkSize);
            if (changed is not null && baseDisk is not null)
            {
                var set = new SortedSet<long>();
                foreach (var extent in changed)
                {
                    if (extent.Length <= 0)
                    {
                        continue;
                    }
                    var first = extent.Offset / chunkSize;
                    var last = Math.Min(ChunkCount - 1, (extent.Offset + extent.Length - 1) / chunkSize);
                    for (var p = first; p <= last; p++)
                    {
                        set.Add(p);
                    }
                }
                // Past the base's end nothing is known: read it. So is a last chunk whose length changed.
                var tailFrom = Math.Max(0, Math.Min(baseDisk.Count, ChunkCount) - (baseDisk.Size == source.Length ? 0 : 1));
                for (var p = tailFrom; p < ChunkCount; p++)
                {
                    set.Add(p);
                }
                _positions = [.. set];
            }
        }

        public IDiskSource Source { get; }

        public ResolvedDisk? Base { get; }

        public int ChunkSize { get; }

        public long ChunkCount { get; }

        public long PositionCount => _positions?.LongLength ?? ChunkCount;

        public long BytesToRead => _positions is null ? Source.Length : _positions.Sum(p => (long)LengthAt(p));

        public long PositionAt(long index) => _positions is null ? index : _positions[index];

        public int LengthAt(long position) => (int)Math.Min(ChunkSize, Source.Length - (position * ChunkSize));

        public void Record(IndexEntry entry) => _entries.Add(entry);

        public IndexEntry[] SortedEntries()
        {
            var entries = _entries.ToArray();
            Array.Sort(entries, (a, b) => a.Position.CompareTo(b.Position));
            return entries;
        }
    }

    private sealed class Counters
    {
        public long BytesRead, BytesNew, BytesStored, ChunksRead, ChunksChanged, ChunksNew, ChunksReused, ChunksZero;

        public ArchiveStats ToStats(long durationMs) => new()
        {
            BytesRead = BytesRead,
            BytesNew = BytesNew,
            BytesStored = BytesStored,
            ChunksRead = ChunksRead,
            ChunksChanged = ChunksChanged,
            ChunksNew = ChunksNew,
            ChunksReused = ChunksReused,
            ChunksZero = ChunksZero,
            DurationMs = durationMs,
        };
    }

    /// <summary>The parallel part: a shared cursor over all positions of all disks.</summary>
    private sealed class Job(DiskPlan[] plans, ChunkContainer container, IWriteSession session, IChunkCipher? cipher, ChunkHasher hasher, int chunkSize, Counters stats, TransferProgress? progress)
    {
        private readonly ConcurrentDictionary<ChunkDigest, byte> _inArchive = new();
        private readonly DiskCursor _cursor = new(plans.Select(p => p.PositionCount));
        private Exception? _firstFailure;

        public async Task RunAsync(int workers, CancellationToken cancellationToken)
        {
            using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var tasks = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
            {
                try
                {
                    await WorkAsync(failed.Token).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    if (!failed.IsCancellationRequested)
                    {
                        Interlocked.CompareExchange(ref _firstFailure, e, null);
                    }
                    await failed.CancelAsync().ConfigureAwait(false);
                    throw;
                }
            }, CancellationToken.None)).ToArray();
            try
            {
                await Task.WhenAll(tasks).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                // A faulted worker would have been thrown by WhenAll: every worker was cancelled, so the
                // first failure was a cancellation from a device call itself (an HTTP timeout), not ours.
                var cause = _firstFailure ?? e;
                throw new RepositoryException($"a device call was cancelled although the backup was not (a timeout?): {cause.Message}", cause);
            }
        }

        private async Task WorkAsync(CancellationToken cancellationToken)
        {
            var slots = BatchSlots(chunkSize);
            var plain = new byte[slots][];
            var blob = new byte[slots][];
            var pending = new List<Pending>(slots);
            try
            {
                for (var i = 0; i < slots; i++)
                {
                    plain[i] = ArrayPool<byte>.Shared.Rent(chunkSize);
                    blob[i] = ArrayPool<byte>.Shared.Rent(ChunkCodec.MaxBlobSize(chunkSize));
                }
                var more = true;
                while (more)
                {
                    // Gather chunks that need the pool (zero and unchanged ones take no slot), then
                    // ask about them once and send the missing ones in one batch: two round trips
                    // per batch on a remote device instead of two per chunk.
                    pending.Clear();
                    while (pending.Count < slots)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        if (!_cursor.TryNext(out var diskIndex, out var item))
                        {
                            more = false;
                            break;
                        }
                        var plan = plans[diskIndex];
                        var slot = plain[pending.Count];
                        if (Examine(plan, plan.PositionAt(item), slot) is { } candidate)
                        {
                            pending.Add(candidate);
                        }
                    }
                    if (pending.Count > 0)
                    {
                        await StoreAsync(pending, plain, blob, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                foreach (var buffer in plain.Concat(blob))
                {
                    if (buffer is not null)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }
                }
            }
        }

        /// <summary>
        /// Reads one position into <paramref name="data"/> and records it in the index. Returns the chunk
        /// when the pool may need it: new to the base state and first seen in this archive.
        /// </summary>
        private Pending? Examine(DiskPlan plan, long position, byte[] data)
        {
            var length = plan.LengthAt(position);
            var chunk = data.AsSpan(0, length);
            plan.Source.ReadExactly(position * chunkSize, chunk);
            Interlocked.Add(ref stats.BytesRead, length);
            Interlocked.Increment(ref stats.ChunksRead);
            progress?.Add(length);
            var baseHole = plan.Base is null || plan.Base.IsHole(position);

            if (!chunk.ContainsAnyExcept((byte)0))
            {
                Interlocked.Increment(ref stats.ChunksZero);
                if (!baseHole)
                {
                    plan.Record(IndexEntry.ZeroAt(position));
                    Interlocked.Increment(ref stats.ChunksChanged);
                }
                return null;
            }

            var digest = hasher.Hash(chunk);
            // Same digest means same bytes and same length, so a resized last chunk counts as changed.
            if (!baseHole && plan.Base!.DigestAt(position) == digest && plan.Base.LengthAt(position) == length)
            {
                return null;
            }
            plan.Record(new IndexEntry(position, false, digest));
            Interlocked.Increment(ref stats.ChunksChanged);
            // Claimed here, stored by this worker's batch: other workers skip it. The manifest is
            // committed only after every worker finished, so the claim never outlives a failure.
            return _inArchive.TryAdd(digest, 0) ? new Pending(digest, length) : null;
        }

        /// <summary>Pending[i]'s plaintext is in plain[i]; the missing ones are encoded into blob[i] and put as one batch.</summary>
        private async Task StoreAsync(List<Pending> pending, byte[][] plain, byte[][] blob, CancellationToken cancellationToken)
        {
            HashSet<ChunkDigest>? missing = null;
            if (container.Kind == ChunkStoreKind.Shared)
            {
                var asked = new ChunkDigest[pending.Count];
                for (var i = 0; i < asked.Length; i++)
                {
                    asked[i] = pending[i].Digest;
                }
                missing = [.. await session.FindMissingAsync(container, asked, cancellationToken).ConfigureAwait(false)];
                Interlocked.Add(ref stats.ChunksReused, pending.Count - missing.Count);
                if (missing.Count == 0)
                {
                    return;
                }
            }
            var uploads = new List<ChunkUpload>(missing?.Count ?? pending.Count);
            long plainBytes = 0, storedBytes = 0;
            for (var i = 0; i < pending.Count; i++)
            {
                var (digest, length) = pending[i];
                if (missing is not null && !missing.Contains(digest))
                {
                    continue;
                }
                var blobLength = ChunkCodec.Encode(plain[i].AsSpan(0, length), digest, cipher, blob[i]);
                uploads.Add(new ChunkUpload(digest, blob[i].AsMemory(0, blobLength)));
                plainBytes += length;
                storedBytes += blobLength;
            }
            await session.PutChunksAsync(container, uploads, cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref stats.ChunksNew, uploads.Count);
            Interlocked.Add(ref stats.BytesNew, plainBytes);
            Interlocked.Add(ref stats.BytesStored, storedBytes);
        }

        private readonly record struct Pending(ChunkDigest Digest, int Length);
    }
}
