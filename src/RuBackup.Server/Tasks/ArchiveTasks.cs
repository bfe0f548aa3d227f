using RuBackup.Api;

namespace RuBackup.Server.Tasks;

/// <summary>The one shape of a task about an existing archive (restore, verify, delete, move): it names the archive and copies what lists and filters show of it.</summary>
public static class ArchiveTasks
{
    public static TaskInfo New(TaskKind kind, ArchiveInfo archive, string createdBy)
    {
        ArgumentNullException.ThrowIfNull(archive);
        return new TaskInfo
        {
            Id = 0,
            Kind = kind,
            State = TaskState.New,
            RuleId = archive.RuleId,
            Pool = archive.Pool,
            ResourceType = archive.ResourceType,
            Resource = archive.Resource,
            ResourceName = archive.ResourceName,
            BackupType = archive.Type,
            ArchiveId = archive.Id,
            CreatedBy = createdBy,
            Created = default,
        };
    }
}
