using RuBackup.Repository.Crypto;
using RuBackup.Repository.Format;
using RuBackup.Repository.Signing;

namespace RuBackup.Repository.Engine;

public sealed class BackupRequest
{
    public required string Resource { get; init; }

    public string? ResourceName { get; init; }

    public string SourceType { get; init; } = "raw";

    public required ArchiveType Type { get; init; }

    public required IReadOnlyList<IDiskSource> Disks { get; init; }

    public MasterKey? Key { get; init; }

    /// <summary>How chunks are sealed under <see cref="Key"/>; AES-256-GCM when not given. Needs a key.</summary>
    public ChunkAlgorithm? Encryption { get; init; }

    /// <summary>Signs the manifest (the client's key); null writes an unsigned archive.</summary>
    public ManifestSigner? Signer { get; init; }

    /// <summary>Free-form JSON kept with the archive (the VM description).</summary>
    public byte[] Metadata { get; init; } = [];

    /// <summary>
    /// Per disk name, the extents changed since the base (from outside, e.g. changed-block tracking).
    /// When given for a disk, only those extents (and growth past the base's end) are read.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ChangedExtent>>? ChangedExtents { get; init; }

    /// <summary>Worker count; defaults to the processor count.</summary>
    public int Parallelism { get; init; }
}

public sealed record BackupResult(ArchiveManifest Manifest, IReadOnlyList<string> Warnings);

/// <summary>Counters a progress display polls while a backup or restore runs.</summary>
public sealed class TransferProgress
{
    private long _done;

    public long Total { get; internal set; }

    public long Done => Interlocked.Read(ref _done);

    internal void Add(long bytes) => Interlocked.Add(ref _done, bytes);
}
