using System.Globalization;
using RuBackup.Api;

namespace RuBackup.Client.Api;

/// <summary>The task queue and the archives, as users see them.</summary>
public sealed partial class RuBackupApiClient
{
    public Task<IReadOnlyList<TaskInfo>> ListTasksAsync(TaskState? state = null, long? client = null, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<TaskInfo>>(Query(ApiRoutes.Tasks, ("state", Lower(state)), ("client", Number(client)), ("limit", Number(limit))), cancellationToken);

    public Task<TaskInfo> GetTaskAsync(long id, CancellationToken cancellationToken = default) =>
        GetAsync<TaskInfo>(TaskRoute(id), cancellationToken);

    /// <param name="after">Only lines after this many (the route's ?after=N), for following a log.</param>
    public Task<IReadOnlyList<TaskLogLine>> GetTaskLogAsync(long id, int? after = null, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<TaskLogLine>>(Query(TaskRoute(id) + "/log", ("after", Number(after))), cancellationToken);

    public Task<TaskInfo> CancelTaskAsync(long id, CancellationToken cancellationToken = default) =>
        PostAsync<TaskInfo>(TaskRoute(id) + "/cancel", null, cancellationToken);

    public Task<IReadOnlyList<ArchiveInfo>> ListArchivesAsync(long? client = null, string? resource = null, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<ArchiveInfo>>(Query(ApiRoutes.Archives, ("client", Number(client)), ("resource", resource)), cancellationToken);

    public Task<ArchiveInfo> GetArchiveAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync<ArchiveInfo>(ArchiveRoute(id), cancellationToken);

    public Task<TaskInfo> RestoreArchiveAsync(string id, RestoreRequest request, CancellationToken cancellationToken = default) =>
        PostAsync<TaskInfo>(ArchiveRoute(id) + "/restore", request, cancellationToken);

    public Task<TaskInfo> VerifyArchiveAsync(string id, CancellationToken cancellationToken = default) =>
        PostAsync<TaskInfo>(ArchiveRoute(id) + "/verify", null, cancellationToken);

    public Task<TaskInfo> DeleteArchiveAsync(string id, CancellationToken cancellationToken = default) =>
        DeleteAsync<TaskInfo>(ArchiveRoute(id), cancellationToken);

    private static string TaskRoute(long id) => $"{ApiRoutes.Tasks}/{id.ToString(CultureInfo.InvariantCulture)}";

    private static string ArchiveRoute(string id) => $"{ApiRoutes.Archives}/{Escape(id)}";

    private static string? Number(long? value) => value?.ToString(CultureInfo.InvariantCulture);
}
