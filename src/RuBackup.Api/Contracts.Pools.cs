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
public sealed record PoolInfo(string Name, PoolKind Kind, string Path, int ChunkSize, string? Description, DateTimeOffset Created);

/// <param name="Path">Defaults to the server's data folder/pools/NAME.</param>
/// <param name="ChunkSize">Defaults to the repository's default (256 KiB).</param>
public sealed record CreatePoolRequest(string Name, PoolKind Kind, string? Path = null, int? ChunkSize = null, string? Description = null);
