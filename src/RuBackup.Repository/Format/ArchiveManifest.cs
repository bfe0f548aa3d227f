using System.Text.Json.Serialization;

namespace RuBackup.Repository.Format;

[JsonConverter(typeof(JsonStringEnumConverter<ArchiveType>))]
public enum ArchiveType
{
    Full,
    Incremental,
    Differential,
}

/// <summary>
/// One chunk-sized position of a disk. In a full archive every non-zero position is listed; in an
/// incremental or differential one only the positions whose content differs from the base state.
/// A position that is not listed is a hole in a full archive and "as in the base" otherwise.
/// </summary>
public readonly record struct IndexEntry(long Position, bool Zero, ChunkDigest Digest)
{
    public static IndexEntry ZeroAt(long position) => new(position, true, default);
}

/// <summary>One disk of an archive. Only name and size go into the manifest's JSON header; the entries follow it in binary.</summary>
public sealed class DiskIndex
{
    public required string Name { get; init; }

    public required long Size { get; init; }

    /// <summary>Sorted by position, each position at most once.</summary>
    [JsonIgnore]
    public IndexEntry[] Entries { get; init; } = [];
}

public sealed record ArchiveStats
{
    public long BytesRead { get; init; }

    public long BytesNew { get; init; }

    public long BytesStored { get; init; }

    public long ChunksRead { get; init; }

    public long ChunksChanged { get; init; }

    public long ChunksNew { get; init; }

    public long ChunksReused { get; init; }

    public long ChunksZero { get; init; }

    public long DurationMs { get; init; }
}

/// <summary>Where an archive's chunks live: the pool's shared store, or the archive's own pack.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChunkStoreKind>))]
public enum ChunkStoreKind
{
    Pack,
    Shared,
}

/// <summary>
/// Everything about one archive except its chunks. Serialized by <see cref="ManifestCodec"/>: the
/// properties form the cleartext JSON header, indexes and metadata follow in binary.
/// </summary>
public sealed record ArchiveManifest
{
    public required string Id { get; init; }

    public required string SourceType { get; init; }

    public required string Resource { get; init; }

    public string ResourceName { get; init; } = "";

    public required DateTimeOffset Created { get; init; }

    public required ArchiveType Type { get; init; }

    /// <summary>The archive this one is relative to; null for a full.</summary>
    public string? Base { get; init; }

    public required int ChunkSize { get; init; }

    /// <summary>
    /// The kind of the pool the archive was first written into. Informational: readers place chunks by
    /// the kind of the pool that holds the archive now, which a move between pools may change without
    /// touching the (authenticated) manifest.
    /// </summary>
    public required ChunkStoreKind ChunkStore { get; init; }

    /// <summary>"none", "aes-256-gcm" or a Table 1 suite's label ("kuznyechik-256"): see ChunkAlgorithm.</summary>
    public required string Encryption { get; init; }

    /// <summary>Fingerprint of the master key, null when unencrypted.</summary>
    public string? KeyId { get; init; }

    /// <summary>
    /// The signing client's public key (SubjectPublicKeyInfo DER, base64); null for an unsigned
    /// manifest. <see cref="ManifestCodec"/> has checked the signature against it before anyone sees it.
    /// </summary>
    public string? SignerKey { get; init; }

    /// <summary>The name the signer gave itself when signing (informational: the key is what is judged).</summary>
    public string? SignerName { get; init; }

    public required IReadOnlyList<DiskIndex> Disks { get; init; }

    public ArchiveStats Stats { get; init; } = new();

    /// <summary>Free-form JSON (the VM description); encrypted at rest when the archive is.</summary>
    [JsonIgnore]
    public byte[] Metadata { get; init; } = [];

    [JsonIgnore]
    public bool Encrypted => KeyId is not null;

    [JsonIgnore]
    public long TotalSize => Disks.Sum(d => d.Size);
}
