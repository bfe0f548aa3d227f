using System.Globalization;
using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Repository.Remote.Server;
using RuBackup.Server.Auth;

namespace RuBackup.Server.Pools;

/// <summary>
/// Decides what one request of the pool protocol at /api/v1/client/tasks/{taskId}/pool may do: the
/// caller must be the task's client, authorized, and the task executing. A backup task writes into its
/// rule's pool and sees its client's archives there (its base candidates); a restore task only reads,
/// and sees the chain of its archive.
/// </summary>
public sealed class PoolAccessResolver(ICatalog catalog, PoolDevices devices, PoolAccessCache cache, ArchiveCommitter committer)
{
    public const string Pattern = ApiRoutes.ClientTasks + "/{taskId:long}/pool";

    public async Task<PoolAccess> ResolveAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.User.Identity?.IsAuthenticated != true)
        {
            throw new PoolAccessDeniedException(401, "credentials are required: send Authorization: Bearer TOKEN");
        }
        var caller = context.User.Caller();
        if (!caller.IsClient)
        {
            throw new PoolAccessDeniedException(403, "only the task's client may use its pool");
        }
        if (caller.ClientStatus != ClientStatus.Authorized)
        {
            throw new PoolAccessDeniedException(403, ClientStatusFilter.NotAuthorized(caller.Name));
        }
        var taskId = long.Parse((string)context.GetRouteValue("taskId")!, CultureInfo.InvariantCulture);
        var task = await catalog.FindTaskAsync(taskId, cancellationToken).ConfigureAwait(false);
        if (task is null || task.ClientId != caller.ClientId)
        {
            throw new PoolAccessDeniedException(404, $"no task {taskId} of this client");
        }
        if (task.State != TaskState.Executing)
        {
            throw new PoolAccessDeniedException(409, $"task {taskId} is {task.State.ToString().ToLowerInvariant()}; its pool is open only while it executes");
        }
        return task.Kind switch
        {
            TaskKind.Backup => await BackupAccessAsync(task, cancellationToken).ConfigureAwait(false),
            TaskKind.Restore => await RestoreAccessAsync(task, cancellationToken).ConfigureAwait(false),
            _ => throw new PoolAccessDeniedException(409, $"task {taskId} is a {task.Kind.ToString().ToLowerInvariant()} task, which uses no pool over the network"),
        };
    }

    private async Task<PoolAccess> BackupAccessAsync(TaskInfo task, CancellationToken cancellationToken)
    {
        var device = await DeviceAsync(task.Pool!, cancellationToken).ConfigureAwait(false);
        var clientId = task.ClientId!.Value;
        var view = await cache.ViewAsync(task.Id, async () => new BackupView(
            (await catalog.ListArchivesAsync(new ArchiveQuery(ClientId: clientId, Pool: task.Pool), cancellationToken).ConfigureAwait(false))
                .Select(a => a.Id).ToHashSet(StringComparer.Ordinal),
            await BudgetAsync(task, cancellationToken).ConfigureAwait(false))).ConfigureAwait(false);
        var written = task.ArchiveId;
        return new PoolAccess
        {
            Device = device,
            CanWrite = true,
            ManifestVisible = id => view.Visible.Contains(id) || id == written,
            Commit = (commit, deviceCommit, ct) => committer.CommitAsync(task, commit, deviceCommit, ct),
            Budget = view.Budget,
        };
    }

    /// <summary>What the rule's maximum volume leaves for this session: its archives' stored bytes count against it.</summary>
    private async Task<PoolWriteBudget?> BudgetAsync(TaskInfo task, CancellationToken cancellationToken)
    {
        var rule = task.RuleId is { } ruleId ? await catalog.FindRuleAsync(ruleId, cancellationToken).ConfigureAwait(false) : null;
        if (rule is null || Schedule.VolumeLimit.LimitBytes(rule.Settings) is not { } limit)
        {
            return null;
        }
        var held = await Schedule.VolumeLimit.HeldBytesAsync(catalog, rule.Id, cancellationToken).ConfigureAwait(false);
        return new PoolWriteBudget(Math.Max(0, limit - held), received => Schedule.VolumeLimit.Exceeded(rule, held + received, limit));
    }

    private async Task<PoolAccess> RestoreAccessAsync(TaskInfo task, CancellationToken cancellationToken)
    {
        var archive = task.ArchiveId is { } id ? await catalog.FindArchiveAsync(id, cancellationToken).ConfigureAwait(false) : null;
        if (archive is null)
        {
            throw new PoolAccessDeniedException(404, $"archive '{task.ArchiveId}' of task {task.Id} is no longer in the catalog");
        }
        var chain = archive.Chain.Count > 0 ? archive.Chain.ToHashSet(StringComparer.Ordinal) : [archive.Id];
        return new PoolAccess
        {
            Device = await DeviceAsync(archive.Pool, cancellationToken).ConfigureAwait(false),
            CanWrite = false,
            ManifestVisible = chain.Contains,
        };
    }

    private async Task<Repository.Storage.IPoolDevice> DeviceAsync(string pool, CancellationToken cancellationToken)
    {
        try
        {
            return await devices.ForAsync(pool, cancellationToken).ConfigureAwait(false);
        }
        catch (RuBackup.Server.Api.ApiException e)
        {
            throw new PoolAccessDeniedException(e.Status, e.Message);
        }
    }
}
