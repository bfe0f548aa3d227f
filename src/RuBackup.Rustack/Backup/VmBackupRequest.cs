using RuBackup.Repository.Crypto;
using RuBackup.Repository.Engine;
using RuBackup.Repository.Format;
using RuBackup.Repository.Signing;

namespace RuBackup.Rustack.Backup;

/// <summary>What `-b` asks for.</summary>
public sealed record VmBackupRequest
{
    /// <summary>The VM's id, or its name when unique in the project.</summary>
    public required string Vm { get; init; }

    /// <summary>A repository folder or a pool URL (see <see cref="RepositoryAccess"/>).</summary>
    public required string Repository { get; init; }

    public required ArchiveType Type { get; init; }

    public MasterKey? Key { get; init; }

    /// <summary>`--encryption`: how chunks are sealed under <see cref="Key"/>; AES-256-GCM when null.</summary>
    public ChunkAlgorithm? Encryption { get; init; }

    /// <summary>`--signing-key`: signs the archive's manifest (the client's key); null writes it unsigned.</summary>
    public ManifestSigner? Signer { get; init; }

    /// <summary>Overrides script_before_snapshot of the configuration.</summary>
    public string? ScriptBefore { get; init; }

    public string? ScriptAfter { get; init; }

    /// <summary>Bytes read of the bytes to read, while the archive is written.</summary>
    public TransferProgress? Progress { get; init; }

    /// <summary>The server's task this run belongs to (`--task`): recorded on every temporary resource.</summary>
    public string? TaskId { get; init; }

    /// <summary>Tasks the server declared dead (`--sweep-task`): their leftovers go whichever host made them.</summary>
    public IReadOnlyList<string> SweepTasks { get; init; } = [];
}

public sealed record VmBackupResult(string ArchiveId, ArchiveType Type, VmDescription Vm, IReadOnlyList<string> Warnings);
