using System.Text.Json.Serialization;

namespace RuBackup.Rustack.Cloud;

// Cinder v3 wire shapes (only the fields the module reads or sends).

public sealed record VolumeList([property: JsonPropertyName("volumes")] IReadOnlyList<Volume> Volumes);

public sealed record VolumeEnvelope([property: JsonPropertyName("volume")] Volume Volume);

public sealed record Volume
{
    [JsonPropertyName("id")] public required string Id { get; init; }

    [JsonPropertyName("name")] public string? Name { get; init; }

    [JsonPropertyName("status")] public string Status { get; init; } = "";

    /// <summary>Size in GiB, as Cinder counts.</summary>
    [JsonPropertyName("size")] public long Size { get; init; }

    [JsonPropertyName("volume_type")] public string? VolumeType { get; init; }

    /// <summary>Cinder sends "true"/"false" as a string.</summary>
    [JsonPropertyName("bootable")] public string? Bootable { get; init; }

    [JsonPropertyName("availability_zone")] public string? AvailabilityZone { get; init; }

    [JsonPropertyName("snapshot_id")] public string? SnapshotId { get; init; }

    [JsonPropertyName("metadata")] public Dictionary<string, string>? Metadata { get; init; }

    [JsonPropertyName("attachments")] public IReadOnlyList<VolumeAttachmentInfo>? Attachments { get; init; }

    [JsonPropertyName("created_at")] public string? CreatedAt { get; init; }

    [JsonPropertyName("updated_at")] public string? UpdatedAt { get; init; }

    public bool IsBootable => string.Equals(Bootable, "true", StringComparison.OrdinalIgnoreCase);
}

public sealed record VolumeAttachmentInfo(
    [property: JsonPropertyName("server_id")] string? ServerId,
    [property: JsonPropertyName("attachment_id")] string? AttachmentId,
    [property: JsonPropertyName("device")] string? Device);

public sealed record SnapshotList([property: JsonPropertyName("snapshots")] IReadOnlyList<Snapshot> Snapshots);

public sealed record SnapshotEnvelope([property: JsonPropertyName("snapshot")] Snapshot Snapshot);

public sealed record Snapshot
{
    [JsonPropertyName("id")] public required string Id { get; init; }

    [JsonPropertyName("name")] public string? Name { get; init; }

    [JsonPropertyName("status")] public string Status { get; init; } = "";

    [JsonPropertyName("volume_id")] public string? VolumeId { get; init; }

    [JsonPropertyName("size")] public long Size { get; init; }

    [JsonPropertyName("metadata")] public Dictionary<string, string>? Metadata { get; init; }

    [JsonPropertyName("created_at")] public string? CreatedAt { get; init; }

    [JsonPropertyName("updated_at")] public string? UpdatedAt { get; init; }
}
