using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Server.Api;
using RuBackup.Server.Cluster;

namespace RuBackup.Server.Tasks;

/// <summary>
/// The client's side of the queue: the long poll that hands out backup and restore tasks, and the
/// lifecycle calls of a task it holds. A client sees and touches only its own tasks (others answer
/// 404); a call that does not fit the task's state answers 409, which is how a client learns that an
/// operator cancelled its task.
/// </summary>
public sealed class ClientTaskService(ICatalog catalog, TaskSignals signals, TimeProvider time, IHostApplicationLifetime lifetime, TaskLeases leases)
{
    public const int MaxWaitSeconds = 60;
    public const int MaxLogLinesPerCall = 1000;
    public const int MaxMessageLength = 8192;

    /// <summary>The next task for this client, waiting up to <paramref name="waitSeconds"/> (clamped to 60) for one; null when none came.</summary>
    public async Task<TaskAssignment?> NextAsync(long clientId, int? waitSeconds, string baseUrl, CancellationToken cancellationToken)
    {
        if (waitSeconds < 0)
        {
            throw ApiException.BadRequest("wait", "wait must not be negative");
        }
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(Math.Min(waitSeconds ?? 0, MaxWaitSeconds));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        while (true)
        {
            var woken = signals.ClientWork.Next;
            var client = await catalog.FindClientAsync(clientId, cancellationToken).ConfigureAwait(false)
                ?? throw ApiException.NotFound($"no client {clientId}");
            await catalog.TouchClientAsync(clientId, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            var task = await catalog.ClaimNextTaskAsync(clientId, client.Info.Group, TaskQueue.ClientKinds, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            if (task is not null)
            {
                // The lease starts with the claim: a client that dies before it starts the task loses it too.
                var (_, until) = await leases.RenewAsync(task.Id, clientId, cancellationToken).ConfigureAwait(false);
                return await AssignmentAsync(task with { LeaseUntil = until }, baseUrl, cancellationToken).ConfigureAwait(false);
            }
            var remaining = deadline - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero || linked.IsCancellationRequested)
            {
                return null;
            }
            try
            {
                await woken.WaitAsync(remaining, time, linked.Token).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return null;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null; // the server is stopping: answer "nothing" rather than hold shutdown
            }
        }
    }

    private async Task<TaskAssignment> AssignmentAsync(TaskInfo task, string baseUrl, CancellationToken cancellationToken)
    {
        RuleSettings? rule = null;
        if (task.Kind == TaskKind.Backup && task.RuleId is { } ruleId)
        {
            rule = (await catalog.FindRuleAsync(ruleId, cancellationToken).ConfigureAwait(false))?.Settings;
        }
        // A restore judges each manifest's signer before writing anything, by the keys the catalog holds now.
        var signers = task.Kind == TaskKind.Restore ? await Archives.ClientSigners.ListAsync(catalog, cancellationToken).ConfigureAwait(false) : null;
        return new TaskAssignment { Task = task, PoolUrl = baseUrl + ApiRoutes.TaskPool(task.Id), Rule = rule, LeaseSeconds = leases.LengthSeconds, Signers = signers };
    }

    public async Task<TaskInfo> StartAsync(long clientId, long taskId, CancellationToken cancellationToken)
    {
        var task = await OwnAsync(clientId, taskId, cancellationToken).ConfigureAwait(false);
        var started = await catalog.TransitionTaskAsync(taskId, [TaskState.Assigned], TaskState.Executing, time.GetUtcNow(), null, cancellationToken).ConfigureAwait(false)
            ?? throw await WrongStateAsync(task, "started (it must be assigned)", cancellationToken).ConfigureAwait(false);
        var (_, until) = await leases.RenewAsync(taskId, clientId, cancellationToken).ConfigureAwait(false);
        return started with { LeaseUntil = until };
    }

    /// <summary>Keeps the lease of a task the client still holds (a module may be silent for long); 409 once it lost it.</summary>
    public async Task HeartbeatAsync(long clientId, long taskId, CancellationToken cancellationToken)
    {
        var task = await OwnAsync(clientId, taskId, cancellationToken).ConfigureAwait(false);
        if (!(await leases.RenewAsync(taskId, clientId, cancellationToken).ConfigureAwait(false)).Held)
        {
            throw await WrongStateAsync(task, "kept alive (it must be assigned or executing)", cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task ProgressAsync(long clientId, long taskId, ProgressReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.BytesDone < 0 || report.BytesTotal < 0)
        {
            throw ApiException.BadRequest(report.BytesDone < 0 ? "bytesDone" : "bytesTotal", "progress counts must not be negative");
        }
        var task = await OwnAsync(clientId, taskId, cancellationToken).ConfigureAwait(false);
        if (task.State != TaskState.Executing)
        {
            throw await WrongStateAsync(task, "given progress (it must be executing)", cancellationToken).ConfigureAwait(false);
        }
        await catalog.UpdateTaskProgressAsync(taskId, report.BytesDone, report.BytesTotal, cancellationToken).ConfigureAwait(false);
        await leases.RenewAsync(taskId, clientId, cancellationToken).ConfigureAwait(false);
    }

    public async Task LogAsync(long clientId, long taskId, LogReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var lines = report.Lines ?? [];
        if (lines.Count > MaxLogLinesPerCall)
        {
            throw ApiException.BadRequest("lines", $"at most {MaxLogLinesPerCall} lines per call");
        }
        var task = await OwnAsync(clientId, taskId, cancellationToken).ConfigureAwait(false);
        if (task.State is not (TaskState.Assigned or TaskState.Executing))
        {
            throw await WrongStateAsync(task, "given log lines (it must be assigned or executing)", cancellationToken).ConfigureAwait(false);
        }
        var now = time.GetUtcNow();
        var clean = lines.Select(l => new TaskLogLine(
            l.Time == default ? now : l.Time,
            string.IsNullOrWhiteSpace(l.Level) ? "info" : l.Level.Trim().ToLowerInvariant(),
            l.Message is { Length: > MaxMessageLength } m ? m[..MaxMessageLength] : l.Message ?? "")).ToList();
        await catalog.AppendTaskLogAsync(taskId, clean, cancellationToken).ConfigureAwait(false);
        await leases.RenewAsync(taskId, clientId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Done when the report has no error. A backup is done only with an archive: the pool commit sets
    /// it; a reported id is accepted when it names an ok archive of this client. A backup reported done
    /// without one ends in error.
    /// </summary>
    public async Task<TaskInfo> FinishAsync(long clientId, long taskId, FinishReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var task = await OwnAsync(clientId, taskId, cancellationToken).ConfigureAwait(false);
        if (task.State is not (TaskState.Assigned or TaskState.Executing))
        {
            throw await WrongStateAsync(task, "finished (it must be assigned or executing)", cancellationToken).ConfigureAwait(false);
        }
        var error = report.Error is { Length: > MaxMessageLength } e ? e[..MaxMessageLength] : report.Error;
        if (error is null && task.Kind == TaskKind.Backup && task.ArchiveId is null)
        {
            if (report.ArchiveId is { } reported
                && await catalog.FindArchiveAsync(reported, cancellationToken).ConfigureAwait(false) is { Status: "ok" } archive
                && archive.ClientId == clientId)
            {
                await catalog.SetTaskArchiveAsync(taskId, reported, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                error = "the client reported success, but no archive was committed to the pool";
            }
        }
        return await catalog.TransitionTaskAsync(taskId, [TaskState.Assigned, TaskState.Executing], error is null ? TaskState.Done : TaskState.Error, time.GetUtcNow(), error, cancellationToken).ConfigureAwait(false)
            ?? throw await WrongStateAsync(task, "finished", cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<TaskInfo>> ListAsync(long clientId, string? state, CancellationToken cancellationToken) =>
        catalog.ListTasksAsync(new TaskQuery(TaskService.ParseState(state), clientId), cancellationToken);

    public Task<TaskInfo> GetAsync(long clientId, long taskId, CancellationToken cancellationToken) => OwnAsync(clientId, taskId, cancellationToken);

    public async Task<IReadOnlyList<TaskLogLine>> ReadLogAsync(long clientId, long taskId, int? after, CancellationToken cancellationToken)
    {
        if (after < 0)
        {
            throw ApiException.BadRequest("after", "after must not be negative");
        }
        _ = await OwnAsync(clientId, taskId, cancellationToken).ConfigureAwait(false);
        return await catalog.ReadTaskLogAsync(taskId, after ?? 0, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TaskInfo> OwnAsync(long clientId, long taskId, CancellationToken cancellationToken)
    {
        var task = await catalog.FindTaskAsync(taskId, cancellationToken).ConfigureAwait(false);
        return task is not null && task.ClientId == clientId ? task : throw ApiException.NotFound($"no task {taskId} of this client");
    }

    private async Task<ApiException> WrongStateAsync(TaskInfo task, string what, CancellationToken cancellationToken)
    {
        var now = await catalog.FindTaskAsync(task.Id, cancellationToken).ConfigureAwait(false) ?? task;
        return ApiException.Conflict(now.State == TaskState.Cancelled
            ? $"task {task.Id} was cancelled{(now.Error is { } why ? $" ({why})" : "")}"
            : $"task {task.Id} is {now.State.ToString().ToLowerInvariant()} and cannot be {what}");
    }
}
