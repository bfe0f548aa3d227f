using System.Text.Json;
using System.Text.Json.Serialization;

namespace RuBackup.Rustack.Backup;

/// <summary>
/// The VM as it was at backup time, kept as the archive's metadata: enough to deploy it again
/// (flavor, networks, per disk size, type, bootable flag and boot order) and to name the raw images
/// of a folder restore. Disk names in the archive are the original volume ids.
/// </summary>
public sealed record VmDescription
{
    public const int CurrentFormat = 1;

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public int Format { get; init; } = CurrentFormat;

    public required string Id { get; init; }

    public required string Name { get; init; }

    public string? Status { get; init; }

    public required FlavorDescription Flavor { get; init; }

    public IReadOnlyList<NetworkDescription> Networks { get; init; } = [];

    public IReadOnlyList<DiskDescription> Disks { get; init; } = [];

    public string? AvailabilityZone { get; init; }

    public string? KeyName { get; init; }

    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    public DateTimeOffset Taken { get; init; }

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static VmDescription FromBytes(ReadOnlySpan<byte> bytes, string archive)
    {
        try
        {
            return JsonSerializer.Deserialize<VmDescription>(bytes, Json)
                ?? throw new InvalidDataException($"archive {archive}: its VM description is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"archive {archive}: its metadata is not a RUSTACK VM description: {e.Message}", e);
        }
    }
}

public sealed record FlavorDescription
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public int Vcpus { get; init; }

    public int RamMib { get; init; }

    public int DiskGib { get; init; }
}

public sealed record NetworkDescription
{
    public required string Name { get; init; }

    public string? Id { get; init; }

    public IReadOnlyList<string> Addresses { get; init; } = [];
}

public sealed record DiskDescription
{
    /// <summary>The original volume id: also the disk's name inside the archive.</summary>
    public required string VolumeId { get; init; }

    public string? Name { get; init; }

    public long SizeGib { get; init; }

    public long SizeBytes { get; init; }

    public string? VolumeType { get; init; }

    public bool Bootable { get; init; }

    /// <summary>0 for the boot disk, then the order Nova lists the attachments in.</summary>
    public int BootIndex { get; init; }

    public string? Device { get; init; }
}
