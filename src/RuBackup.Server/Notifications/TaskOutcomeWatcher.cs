using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Server.Options;

namespace RuBackup.Server.Notifications;

/// <summary>
/// Turns finished tasks into notices: a backup done → Success, a backup in error → Failure, a verify in
/// error → VerifyFailure (the verifier has marked the archive damaged). Cancelled tasks and successful
/// verifications tell nobody. Each task is handed to the outbox together with its mark in one
/// transaction, so a crash before the commit repeats the task and one after it never does: exactly once.
/// Looks every <see cref="ServerOptions.WorkerPollInterval"/>.
/// </summary>
public sealed partial class TaskOutcomeWatcher(
    ICatalog catalog, OutboxNotifier outbox, ServerOptions options, TimeProvider time, ILogger<TaskOutcomeWatcher> logger) : BackgroundService
{
    private const int Batch = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await TickAsync(stoppingToken).ConfigureAwait(false) == Batch)
                {
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the watcher must outlive a catalog hiccup; the unmarked tasks are taken again next time
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogWatcherFailure(logger, e);
            }
            try
            {
                await Task.Delay(options.WorkerPollInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Handles the finished tasks not yet turned into notices; returns how many it looked at.</summary>
    public async Task<int> TickAsync(CancellationToken cancellationToken)
    {
        var tasks = await catalog.ListUnnoticedTasksAsync(Batch, cancellationToken).ConfigureAwait(false);
        foreach (var task in tasks)
        {
            var notice = await NoticeOfAsync(task, cancellationToken).ConfigureAwait(false);
            if (notice is null)
            {
                await catalog.EnqueueNotificationsAsync([], task.Id, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await outbox.NotifyTaskOutcomeAsync(notice, task.Id, cancellationToken).ConfigureAwait(false);
            }
        }
        return tasks.Count;
    }

    /// <summary>The notice a finished task gives, or null when it gives none.</summary>
    private async Task<Notice?> NoticeOfAsync(TaskInfo task, CancellationToken cancellationToken)
    {
        NotifyEvent? notifyEvent = (task.Kind, task.State) switch
        {
            (TaskKind.Backup, TaskState.Done) => NotifyEvent.Success,
            (TaskKind.Backup, TaskState.Error) => NotifyEvent.Failure,
            (TaskKind.Verify, TaskState.Error) => NotifyEvent.VerifyFailure,
            _ => null,
        };
        var archiveId = task.ArchiveId;
        if (notifyEvent is not { } kind)
        {
            return null;
        }
        // A verify task may carry no rule; the archive it checked knows it (and may be gone by now).
        var archive = task.RuleId is null && archiveId is not null
            ? await catalog.FindArchiveAsync(archiveId, cancellationToken).ConfigureAwait(false)
            : null;
        var ruleId = task.RuleId ?? archive?.RuleId;
        var rule = ruleId is { } id ? await catalog.FindRuleAsync(id, cancellationToken).ConfigureAwait(false) : null;
        var resource = Describe(task.ResourceType ?? archive?.ResourceType, task.Resource ?? archive?.Resource, task.ResourceName ?? archive?.ResourceName);
        var ruleText = rule is null ? "" : $" of rule {rule.Settings.Name}";
        var summary = kind switch
        {
            NotifyEvent.Success => $"backup{ruleText} of {resource ?? "a resource"} finished: archive {archiveId ?? "-"}",
            NotifyEvent.Failure => $"backup{ruleText} of {resource ?? "a resource"} failed: {task.Error ?? "no error given"}",
            _ => $"verification of archive {archiveId ?? "-"}{ruleText} failed, the archive is marked damaged: {task.Error ?? "no error given"}",
        };
        return new Notice(kind, ruleId, rule?.Settings.Name, resource, archiveId, task.Id, summary, kind == NotifyEvent.Success ? null : task.Error ?? "no error given")
        {
            Client = task.ClientName ?? archive?.ClientName,
            Time = task.Finished,
        };
    }

    /// <summary>"VM web-1 [rustack vm-1]": the name people know, then the type and id that identify it.</summary>
    public static string? Describe(string? type, string? id, string? name)
    {
        if (id is null)
        {
            return null;
        }
        var typeText = type is null ? "" : type + " ";
        return $"VM {name ?? id} [{typeText}{id}]";
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "task outcome watcher failed; retrying")]
    private static partial void LogWatcherFailure(ILogger logger, Exception exception);
}
