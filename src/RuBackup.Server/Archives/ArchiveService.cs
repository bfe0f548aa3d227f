using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Server.Api;
using RuBackup.Server.Auth;
using RuBackup.Server.Services;
using RuBackup.Server.Tasks;

namespace RuBackup.Server.Archives;

/// <summary>
/// Archives in the catalog and the tasks that work on them: restore (run by a client), verify and
/// delete (run by the server's worker).
/// </summary>
public sealed class ArchiveService(ICatalog catalog, TaskQueue queue, AuditLog audit)
{
    public const string Ok = "ok";
    public const string Committing = "committing";
    public const string Damaged = "damaged";

    public Task<IReadOnlyList<ArchiveInfo>> ListAsync(string? client, string? resource, CancellationToken cancellationToken) =>
        catalog.ListArchivesAsync(new ArchiveQuery(TaskService.ParseId(client, "client"), string.IsNullOrEmpty(resource) ? null : resource), cancellationToken);

    public async Task<ArchiveInfo> GetAsync(string id, CancellationToken cancellationToken) =>
        await catalog.FindArchiveAsync(id, cancellationToken).ConfigureAwait(false) ?? throw ApiException.NotFound($"no archive '{id}'");

    public Task<IReadOnlyList<ArchiveInfo>> ListOwnAsync(long clientId, CancellationToken cancellationToken) =>
        catalog.ListArchivesAsync(new ArchiveQuery(clientId), cancellationToken);

    /// <summary>
    /// A restore started from the server (administrator or operator). Refused when the target client
    /// disabled centralized restore; restoring one client's archive on another takes an administrator.
    /// </summary>
    public async Task<TaskInfo> RestoreAsync(Caller caller, string id, RestoreRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var archive = await RestorableAsync(id, cancellationToken).ConfigureAwait(false);
        ValidateMode(request);
        ClientRecord target;
        if (request.TargetClient is { } name && name != archive.ClientName)
        {
            if (!caller.IsAdmin)
            {
                throw ApiException.Forbidden("only an administrator may restore one client's archive on another client");
            }
            target = await catalog.FindClientByNameAsync(name, cancellationToken).ConfigureAwait(false)
                ?? throw ApiException.BadRequest("targetClient", $"no client named '{name}'");
        }
        else
        {
            target = await catalog.FindClientAsync(archive.ClientId, cancellationToken).ConfigureAwait(false)
                ?? throw ApiException.Conflict($"client {archive.ClientName} of archive '{id}' no longer exists; name a targetClient");
        }
        if (target.Info.Status != ClientStatus.Authorized)
        {
            throw ApiException.Conflict(ClientStatusFilter.NotAuthorized(target.Info.Name));
        }
        if (!target.Info.CentralizedRestore)
        {
            throw ApiException.Conflict($"client {target.Info.Name} has disabled centralized restore in its configuration; restore from the client (rb_archives) instead");
        }
        return await EnqueueRestoreAsync(caller, archive, target.Info, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A restore the client asks for itself: only its own archives, on itself.</summary>
    public async Task<TaskInfo> RestoreOwnAsync(Caller caller, string id, RestoreRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var archive = await RestorableAsync(id, cancellationToken).ConfigureAwait(false);
        if (archive.ClientId != caller.ClientId)
        {
            throw ApiException.Forbidden($"archive '{id}' belongs to another client");
        }
        if (request.TargetClient is { } name && name != caller.Name)
        {
            throw ApiException.Forbidden("a client restores only onto itself");
        }
        ValidateMode(request);
        var self = await catalog.FindClientAsync(archive.ClientId, cancellationToken).ConfigureAwait(false)
            ?? throw ApiException.NotFound($"no client {archive.ClientId}");
        return await EnqueueRestoreAsync(caller, archive, self.Info, request, cancellationToken).ConfigureAwait(false);
    }

    public async Task<TaskInfo> VerifyAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var archive = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (archive.Status == Committing)
        {
            throw ApiException.Conflict($"archive '{id}' is still being written");
        }
        var task = await queue.EnqueueAsync(ArchiveTasks.New(TaskKind.Verify, archive, caller.Actor), cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(caller, "archive.verify", $"archive {id}", $"task {task.Id}", cancellationToken).ConfigureAwait(false);
        return task;
    }

    /// <summary>Refused while another archive has this one as its base (deleting it would break that chain) or a restore of it is pending.</summary>
    public async Task<TaskInfo> DeleteAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var archive = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (archive.Status == Committing)
        {
            throw ApiException.Conflict($"archive '{id}' is still being written");
        }
        if (await DependentsAsync(archive, cancellationToken).ConfigureAwait(false) is { Count: > 0 } dependents)
        {
            throw ApiException.Conflict($"archive '{id}' is the base of {string.Join(", ", dependents)}; delete those first");
        }
        var users = await catalog.ListTasksAsync(new TaskQuery(ArchiveId: id), cancellationToken).ConfigureAwait(false);
        if (users.FirstOrDefault(t => t.Kind == TaskKind.Restore && t.State is TaskState.New or TaskState.Assigned or TaskState.Executing) is { } restore)
        {
            throw ApiException.Conflict($"archive '{id}' is being restored by task {restore.Id}; wait for it or cancel it first");
        }
        var task = await queue.EnqueueAsync(ArchiveTasks.New(TaskKind.Delete, archive, caller.Actor), cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(caller, "archive.delete", $"archive {id}", $"task {task.Id}", cancellationToken).ConfigureAwait(false);
        return task;
    }

    public async Task<IReadOnlyList<string>> DependentsAsync(ArchiveInfo archive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archive);
        var siblings = await catalog.ListArchivesAsync(new ArchiveQuery(Pool: archive.Pool), cancellationToken).ConfigureAwait(false);
        return [.. siblings.Where(a => a.Base == archive.Id).Select(a => a.Id)];
    }

    private async Task<ArchiveInfo> RestorableAsync(string id, CancellationToken cancellationToken)
    {
        var archive = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (archive.Status != Ok)
        {
            throw ApiException.Conflict($"archive '{id}' is {archive.Status}, not restorable");
        }
        return archive;
    }

    private static void ValidateMode(RestoreRequest request)
    {
        if (!Enum.IsDefined(request.Mode))
        {
            throw ApiException.BadRequest("mode", "mode must be Deploy or Folder");
        }
        if (request.Mode == RestoreMode.Folder && string.IsNullOrWhiteSpace(request.Target))
        {
            throw ApiException.BadRequest("target", "a restore into a folder needs target (a folder on the client)");
        }
    }

    private async Task<TaskInfo> EnqueueRestoreAsync(Caller caller, ArchiveInfo archive, ClientInfo target, RestoreRequest request, CancellationToken cancellationToken)
    {
        var task = await queue.EnqueueAsync(ArchiveTasks.New(TaskKind.Restore, archive, caller.Actor) with
        {
            ClientId = target.Id,
            ClientName = target.Name,
            RestoreMode = request.Mode,
            RestoreTarget = request.Mode == RestoreMode.Folder ? request.Target : null,
        }, cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(caller, "archive.restore", $"archive {archive.Id}",
            $"task {task.Id}, {request.Mode} on {target.Name}{(request.Mode == RestoreMode.Folder ? " into " + request.Target : "")}", cancellationToken).ConfigureAwait(false);
        return task;
    }
}
