using RuBackup.Api;

namespace RuBackup.Catalog;

/// <summary>A tasks row; its log lines live in task_log.</summary>
internal sealed class TaskRow
{
    public long Id { get; set; }

    public string Kind { get; set; } = "";

    public string State { get; set; } = "";

    public long? RuleId { get; set; }

    public long? ClientId { get; set; }

    public string? ClientName { get; set; }

    public string? ClientGroup { get; set; }

    public string? Pool { get; set; }

    public string? ResourceType { get; set; }

    public string? Resource { get; set; }

    public string? ResourceName { get; set; }

    public string? BackupType { get; set; }

    public string? ArchiveId { get; set; }

    public string? RestoreMode { get; set; }

    public string? RestoreTarget { get; set; }

    public long BytesDone { get; set; }

    public long BytesTotal { get; set; }

    public int Attempt { get; set; }

    public string? CreatedBy { get; set; }

    public long CreatedAt { get; set; }

    public long? StartedAt { get; set; }

    public long? FinishedAt { get; set; }

    public string? Error { get; set; }

    public long? LeaseUntil { get; set; }

    public long? CleansTaskId { get; set; }

    /// <summary>Every column but id, in the order of the table (for INSERT).</summary>
    public const string Columns =
        "kind, state, rule_id, client_id, client_name, client_group, pool, resource_type, resource, resource_name, " +
        "backup_type, archive_id, restore_mode, restore_target, bytes_done, bytes_total, attempt, created_by, " +
        "created_at, started_at, finished_at, error, lease_until, cleans_task_id";

    public const string Parameters =
        "@Kind, @State, @RuleId, @ClientId, @ClientName, @ClientGroup, @Pool, @ResourceType, @Resource, @ResourceName, " +
        "@BackupType, @ArchiveId, @RestoreMode, @RestoreTarget, @BytesDone, @BytesTotal, @Attempt, @CreatedBy, " +
        "@CreatedAt, @StartedAt, @FinishedAt, @Error, @LeaseUntil, @CleansTaskId";

    public static TaskRow From(TaskInfo task) => new()
    {
        Kind = ColumnValues.Text(task.Kind),
        State = ColumnValues.Text(task.State),
        RuleId = task.RuleId,
        ClientId = task.ClientId,
        ClientName = task.ClientName,
        ClientGroup = task.ClientGroup,
        Pool = task.Pool,
        ResourceType = task.ResourceType,
        Resource = task.Resource,
        ResourceName = task.ResourceName,
        BackupType = ColumnValues.Text(task.BackupType),
        ArchiveId = task.ArchiveId,
        RestoreMode = ColumnValues.Text(task.RestoreMode),
        RestoreTarget = task.RestoreTarget,
        BytesDone = task.BytesDone,
        BytesTotal = task.BytesTotal,
        Attempt = task.Attempt,
        CreatedBy = task.CreatedBy,
        CreatedAt = ColumnValues.Ms(task.Created),
        StartedAt = ColumnValues.Ms(task.Started),
        FinishedAt = ColumnValues.Ms(task.Finished),
        Error = task.Error,
        LeaseUntil = ColumnValues.Ms(task.LeaseUntil),
        CleansTaskId = task.CleansTaskId,
    };

    public TaskInfo ToInfo() => new()
    {
        Id = Id,
        Kind = ColumnValues.Enum<TaskKind>(Kind, "tasks.kind"),
        State = ColumnValues.Enum<TaskState>(State, "tasks.state"),
        RuleId = RuleId,
        ClientId = ClientId,
        ClientName = ClientName,
        ClientGroup = ClientGroup,
        Pool = Pool,
        ResourceType = ResourceType,
        Resource = Resource,
        ResourceName = ResourceName,
        BackupType = ColumnValues.EnumOrNull<BackupKind>(BackupType, "tasks.backup_type"),
        ArchiveId = ArchiveId,
        RestoreMode = ColumnValues.EnumOrNull<RestoreMode>(RestoreMode, "tasks.restore_mode"),
        RestoreTarget = RestoreTarget,
        BytesDone = BytesDone,
        BytesTotal = BytesTotal,
        Attempt = Attempt,
        CreatedBy = CreatedBy,
        Created = ColumnValues.Time(CreatedAt),
        Started = ColumnValues.Time(StartedAt),
        Finished = ColumnValues.Time(FinishedAt),
        Error = Error,
        LeaseUntil = ColumnValues.Time(LeaseUntil),
        CleansTaskId = CleansTaskId,
    };
}
