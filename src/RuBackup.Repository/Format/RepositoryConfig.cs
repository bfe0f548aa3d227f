using System.Text.Json;
using System.Text.Json.Serialization;

namespace RuBackup.Repository.Format;

/// <summary>
/// The pool's own description, <c>rubackup-repo.json</c> at its root. Written once by init; every
/// command reads it first and refuses a format version it does not know.
/// </summary>
public sealed record RepositoryConfig
{
    public const int CurrentFormat = 1;
    public const string FileName = "rubackup-repo.json";
    public const int DefaultChunkSize = 256 << 10;
    public const int MinChunkSize = 16 << 10;
    public const int MaxChunkSize = 16 << 20;

    public int Format { get; init; } = CurrentFormat;

    public required string Id { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required int ChunkSize { get; init; }

    /// <summary>True: one content-addressed store shared per source type. False: a pack per archive.</summary>
    public required bool Dedup { get; init; }

    public string Digest { get; init; } = "blake3";

    /// <summary>Set by init --key: backups without a key are refused.</summary>
    public bool EncryptionRequired { get; init; }

    [JsonIgnore]
    public ChunkStoreKind StoreKind => Dedup ? ChunkStoreKind.Shared : ChunkStoreKind.Pack;

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static void ValidateChunkSize(int size)
    {
        if (size < MinChunkSize || size > MaxChunkSize || (size & (size - 1)) != 0)
        {
            throw new RepositoryException($"chunk size {size} is not a power of two between {MinChunkSize / 1024} KiB and {MaxChunkSize >> 20} MiB");
        }
    }

    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static RepositoryConfig Parse(byte[] bytes, string source)
    {
        RepositoryConfig? config;
        try
        {
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new RepositoryException($"{source}: not a valid repository description: expected a JSON object, found {document.RootElement.ValueKind}");
            }
            // Any format other than the integer we know (a string, a fraction, a newer number) is refused by
            // name; TryGetInt32 alone would throw on a non-number and fall through on a fraction.
            if (document.RootElement.TryGetProperty("format", out var format)
                && !(format.ValueKind == JsonValueKind.Number && format.TryGetInt32(out var version) && version == CurrentFormat))
            {
                throw new RepositoryException($"{source}: repository format version {format.GetRawText()} is not supported (this program reads version {CurrentFormat})");
            }
            config = JsonSerializer.Deserialize<RepositoryConfig>(bytes, Json);
        }
        catch (JsonException e)
        {
            throw new RepositoryException($"{source}: not a valid repository description: {e.Message}", e);
        }
        if (config is null)
        {
            throw new RepositoryException($"{source}: empty repository description");
        }
        ValidateChunkSize(config.ChunkSize);
        return config;
    }
}
