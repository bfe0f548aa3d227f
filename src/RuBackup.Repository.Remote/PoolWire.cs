using System.Text.Json;
using System.Text.Json.Serialization;
using RuBackup.Repository.Format;
using RuBackup.Repository.Storage;

namespace RuBackup.Repository.Remote;

/// <summary>
/// The pool protocol's shapes, shared by <see cref="HttpPoolDevice"/> and the server's endpoints
/// (docs/format.md, "Pool protocol"). Paths are relative to the pool URL.
/// </summary>
public static class PoolWire
{
    public const string Config = "config";
    public const string Manifests = "manifests";
    public const string Chunks = "chunks";
    public const string Sessions = "sessions";
    public const string Missing = "missing";
    public const string Commit = "commit";

    public const string BinaryType = "application/octet-stream";

    /// <summary>Error codes of the body {"error","code"} that tell the endpoint's own 404 from a refusal.</summary>
    public const string NoArchiveCode = "no_archive";
    public const string NoChunkCode = "no_chunk";

    /// <summary>Start of a chunk batch: "RBCB", version, three reserved bytes.</summary>
    public const uint BatchMagic = 0x42434252; // "RBCB" read little-endian
    public const byte BatchVersion = 1;
    public const int BatchPreambleSize = 8;

    /// <summary>One frame's head: u32 blob length, then the 32-byte digest.</summary>
    public const int FrameHeadSize = 4 + ChunkDigest.Size;

    /// <summary>The length value that marks the trailer (u32 end marker, u32 frame count) instead of a frame.</summary>
    public const uint EndMarker = uint.MaxValue;
    public const int TrailerSize = 8;

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>"shared/rustack" or "pack/ARCHIVE": a container as two path segments.</summary>
    public static string ContainerPath(ChunkContainer container) =>
        (container.Kind == ChunkStoreKind.Shared ? "shared/" : "pack/") + Uri.EscapeDataString(container.Name);

    public static bool TryParseContainer(string kind, string name, out ChunkContainer container)
    {
        container = kind switch
        {
            "shared" => ChunkContainer.Shared(name),
            "pack" => ChunkContainer.Pack(name),
            _ => default,
        };
        return kind is "shared" or "pack";
    }
}

/// <summary>Body of every refusal and failure: one line for the operator, and a code for the client.</summary>
public sealed record PoolError(string Error, string? Code = null);

public sealed record BeginSessionRequest(string Archive);

public sealed record BeginSessionResponse(string Session);

public sealed record ChunkBatchResponse(long Received);

public sealed record CommitResponse(string Archive);
