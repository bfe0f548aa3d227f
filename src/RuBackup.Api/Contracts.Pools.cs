using System.Text.Json.Serialization;

namespace RuBackup.Api;

/// <summary>The repository's two pool kinds: a plain file-system pool and a deduplicating block pool.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PoolKind>))]
public enum PoolKind
{
    Plain,
    Dedup,
}

/// <param name="Path">The pool's folder on the server.</param>
/// <param name="ChunkSize">Bytes per chunk (the repository's block size).</param>
public sealed record PoolInfo(string Name, PoolKind Kind, string Path, int ChunkSize, string? Description, DateTimeOffset Created)
{
    /// <summary>When the scheduled (or a manual) garbage collection of this dedup pool last ran; null: never.</summary>
    public DateTimeOffset? LastGcAt { get; init; }
}

/// <summary>What one garbage collection of a dedup pool removed (rb_admin pools gc).</summary>
public sealed record PoolGcReport(string Pool, long ChunksKept, long ChunksRemoved, long BytesRemoved, long LeftoversRemoved, long LeftoverBytesRemoved, DateTimeOffset Finished);

/// <param name="Path">Defaults to the server's data folder/pools/NAME.</param>
/// <param name="ChunkSize">Defaults to the repository's default (256 KiB).</param>
public sealed record CreatePoolRequest(string Name, PoolKind Kind, string? Path = null, int? ChunkSize = null, string? Description = null);
