using RuBackup.Repository.Format;

namespace RuBackup.Repository.Transfer;

/// <summary>
/// The self-contained file one or more archives leave a repository in (docs/format.md, "Exported
/// archives"). Little-endian:
/// <code>
/// "RBEX" | u16 version (1) | u16 flags (0) | u32 header length | header JSON (UTF-8)
/// per archive, in header order: u32 length | manifest bytes exactly as the pool stores them
/// per chunk (each once):        u32 blob length | 32-byte digest | blob
/// end record:                   u32 0xFFFFFFFF | u64 chunk count | 32-byte BLAKE3 of every byte before it | "RBXE"
/// </code>
/// The checksum sits at a fixed distance from the end, so a reader checks the whole file before it
/// trusts one byte of its structure: damage anywhere reads as damage, not as a confusing parse error.
/// </summary>
public static class ExportFormat
{
    public const ushort Version = 1;
    public const uint Magic = 0x58454252; // "RBEX" read little-endian
    public const uint EndMagic = 0x45584252; // "RBXE"
    public const uint EndMarker = 0xFFFFFFFF;
    public const int ChecksumSize = 32;

    /// <summary>Magic, version, flags, header length.</summary>
    public const int PrefixSize = 12;

    /// <summary>Blob length and digest before each blob.</summary>
    public const int FrameHeaderSize = 4 + ChunkDigest.Size;

    /// <summary>Marker, chunk count, checksum, end magic.</summary>
    public const int EndRecordSize = 4 + 8 + ChecksumSize + 4;

    /// <summary>A header or manifest longer than an array can hold cannot have been written by the engine: damage.</summary>
    public static int MaxRecordSize => Array.MaxLength;
}

/// <summary>What a target needs to know before it reads anything else: the archives carried and the chunk size they assume.</summary>
public sealed record ExportHeader
{
    public int Format { get; init; } = ExportFormat.Version;

    public required DateTimeOffset Created { get; init; }

    /// <summary>The id of the repository the archives were exported from (informational).</summary>
    public required string SourceRepository { get; init; }

    /// <summary>All carried archives use it; a target must use the same, or a later incremental's positions would not line up.</summary>
    public required int ChunkSize { get; init; }

    /// <summary>The kind of the source pool (informational: the target places chunks by its own kind).</summary>
    public required ChunkStoreKind ChunkStore { get; init; }

    /// <summary>Oldest first: a base precedes the archives that need it.</summary>
    public required IReadOnlyList<ExportedArchive> Archives { get; init; }

    /// <summary>The number of chunk records that follow the manifests.</summary>
    public required long Chunks { get; init; }
}

/// <summary>One carried archive as the header lists it (a copy of its manifest header's key facts).</summary>
public sealed record ExportedArchive
{
    public required string Id { get; init; }

    public required ArchiveType Type { get; init; }

    public string? Base { get; init; }

    public required string SourceType { get; init; }

    public required string Resource { get; init; }

    public required string Encryption { get; init; }

    public static ExportedArchive Of(ArchiveManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return new()
        {
            Id = manifest.Id,
            Type = manifest.Type,
            Base = manifest.Base,
            SourceType = manifest.SourceType,
            Resource = manifest.Resource,
            Encryption = manifest.Encryption,
        };
    }
}
