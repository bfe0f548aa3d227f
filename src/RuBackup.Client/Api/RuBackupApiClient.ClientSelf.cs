using System.Globalization;
using System.Net;
using RuBackup.Api;

namespace RuBackup.Client.Api;

/// <summary>The client's own side (/api/v1/client/...): the client is read from its token.</summary>
public sealed partial class RuBackupApiClient
{
    public Task ReportResourcesAsync(ResourceReport report, CancellationToken cancellationToken = default) =>
        SendNoResultAsync(HttpMethod.Post, ApiRoutes.ClientResources, report, cancellationToken);

    /// <summary>The long poll: a task, or null when none came within <paramref name="wait"/>.</summary>
    public async Task<TaskAssignment?> NextTaskAsync(TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var seconds = Math.Max(0, (int)Math.Ceiling(wait.TotalSeconds));
        var route = Query(ApiRoutes.ClientNextTask, ("wait", seconds.ToString(CultureInfo.InvariantCulture)));
        // The server holds the call for up to the wait; only past that (and a margin) is it "no answer".
        var response = await SendAsync(HttpMethod.Get, route, null, false, RequestTimeout + TimeSpan.FromSeconds(seconds), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            response.Dispose();
            return null;
        }
        return await ReadAsync<TaskAssignment>(response, route, cancellationToken).ConfigureAwait(false);
    }

    public Task<TaskInfo> StartTaskAsync(long id, CancellationToken cancellationToken = default) =>
        PostAsync<TaskInfo>(OwnTaskRoute(id) + "/start", null, cancellationToken);

    public Task ReportProgressAsync(long id, ProgressReport report, CancellationToken cancellationToken = default) =>
        SendNoResultAsync(HttpMethod.Post, OwnTaskRoute(id) + "/progress", report, cancellationToken);

    /// <summary>Keeps the lease of a task this client runs; 409 once the server took it back.</summary>
    public Task HeartbeatTaskAsync(long id, CancellationToken cancellationToken = default) =>
        SendNoResultAsync(HttpMethod.Post, ApiRoutes.TaskHeartbeat(id), null, cancellationToken);

    public Task SendLogAsync(long id, LogReport report, CancellationToken cancellationToken = default) =>
        SendNoResultAsync(HttpMethod.Post, OwnTaskRoute(id) + "/log", report, cancellationToken);

    public Task<TaskInfo> FinishTaskAsync(long id, FinishReport report, CancellationToken cancellationToken = default) =>
        PostAsync<TaskInfo>(OwnTaskRoute(id) + "/finish", report, cancellationToken);

    public Task<IReadOnlyList<TaskInfo>> ListOwnTasksAsync(TaskState? state = null, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<TaskInfo>>(Query(ApiRoutes.ClientTasks, ("state", Lower(state))), cancellationToken);

    public Task<TaskInfo> GetOwnTaskAsync(long id, CancellationToken cancellationToken = default) =>
        GetAsync<TaskInfo>(OwnTaskRoute(id), cancellationToken);

    public Task<IReadOnlyList<TaskLogLine>> GetOwnTaskLogAsync(long id, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<TaskLogLine>>(OwnTaskRoute(id) + "/log", cancellationToken);

    public Task<IReadOnlyList<ArchiveInfo>> ListOwnArchivesAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<ArchiveInfo>>(ApiRoutes.ClientArchives, cancellationToken);

    public Task<TaskInfo> RestoreOwnArchiveAsync(string id, RestoreRequest request, CancellationToken cancellationToken = default) =>
        PostAsync<TaskInfo>($"{ApiRoutes.ClientArchives}/{Escape(id)}/restore", request, cancellationToken);

    private static string OwnTaskRoute(long id) => $"{ApiRoutes.ClientTasks}/{id.ToString(CultureInfo.InvariantCulture)}";
}
