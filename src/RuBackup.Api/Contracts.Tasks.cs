using System.Text.Json.Serialization;

namespace RuBackup.Api;

[JsonConverter(typeof(JsonStringEnumConverter<TaskKind>))]
public enum TaskKind
{
    Backup,
    Restore,
    Verify,
    Delete,
    Move,
}

/// <summary>new → assigned (a client took it) → executing → done | error; cancelled from new/assigned/executing.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TaskState>))]
public enum TaskState
{
    New,
    Assigned,
    Executing,
    Done,
    Error,
    Cancelled,
}

[JsonConverter(typeof(JsonStringEnumConverter<RestoreMode>))]
public enum RestoreMode
{
    /// <summary>Deploy into the cloud as a new VM (rb_archives -x).</summary>
    Deploy,

    /// <summary>Raw images into a folder on the client (rb_archives -X).</summary>
    Folder,
}

public sealed record TaskInfo
{
    public required long Id { get; init; }

    public required TaskKind Kind { get; init; }

    public required TaskState State { get; init; }

    public long? RuleId { get; init; }

    /// <summary>The client that runs it; null for a cluster group's task until one of the group takes it.</summary>
    public long? ClientId { get; init; }

    public string? ClientName { get; init; }

    public string? ClientGroup { get; init; }

    public string? Pool { get; init; }

    public string? ResourceType { get; init; }

    public string? Resource { get; init; }

    public string? ResourceName { get; init; }

    public BackupKind? BackupType { get; init; }

    /// <summary>The archive a backup made, or the archive a restore, verify, delete or move works on.</summary>
    public string? ArchiveId { get; init; }

    public RestoreMode? RestoreMode { get; init; }

    public string? RestoreTarget { get; init; }

    public long BytesDone { get; init; }

    public long BytesTotal { get; init; }

    public int Attempt { get; init; } = 1;

    /// <summary>Who asked for it: a user name, "client:NAME", or "schedule".</summary>
    public string? CreatedBy { get; init; }

    public required DateTimeOffset Created { get; init; }

    public DateTimeOffset? Started { get; init; }

    public DateTimeOffset? Finished { get; init; }

    public string? Error { get; init; }

    /// <summary>While Assigned or Executing: the holder's claim ends then unless a heartbeat extends it.</summary>
    public DateTimeOffset? LeaseUntil { get; init; }

    /// <summary>A retry after a lost lease: the task whose cloud leftovers this run removes first.</summary>
    public long? CleansTaskId { get; init; }
}

public sealed record TaskLogLine(DateTimeOffset Time, string Level, string Message);

/// <summary>Everything a client needs to run one task, handed out by the long poll.</summary>
public sealed record TaskAssignment
{
    public required TaskInfo Task { get; init; }

    /// <summary>Base URL of the task's pool over HTTP (the repository's pool protocol), valid while the task runs.</summary>
    public required string PoolUrl { get; init; }

    /// <summary>For backups: the rule's settings (type, encryption, guest scripts).</summary>
    public RuleSettings? Rule { get; init; }

    /// <summary>The task's lease in seconds: the client heartbeats well within it while the task runs (0: unknown, use the default).</summary>
    public int LeaseSeconds { get; init; }

    /// <summary>
    /// For restores: the keys of every client the server knows (authorized or revoked), to judge the
    /// archives' signatures by before anything is written. Null for other tasks.
    /// </summary>
    public IReadOnlyList<SignerEntry>? Signers { get; init; }
}

/// <summary>A client's signing key as the catalog knows it: fingerprint = SHA-256 of its SubjectPublicKeyInfo, hex.</summary>
public sealed record SignerEntry(string Fingerprint, string Client, ClientStatus Status);

public sealed record ProgressReport(long BytesDone, long BytesTotal);

public sealed record LogReport(IReadOnlyList<TaskLogLine> Lines);

/// <summary>Ends a task: done when <see cref="Error"/> is null.</summary>
public sealed record FinishReport(string? Error, string? ArchiveId = null);
