using RuBackup.Api;
using RuBackup.Client.Api;
using Spectre.Console;

namespace RuBackup.Client.Tools;

/// <summary>
/// Follows one task until it ends: a progress bar on a terminal, a plain line per change otherwise
/// (at most one every few seconds unless the state changes), nothing with --json. A server that stops
/// answering for a minute ends the wait with an error; the task itself goes on.
/// </summary>
public static class TaskWatcher
{
    private static readonly TimeSpan PlainLineInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SilenceLimit = TimeSpan.FromMinutes(1);

    public static bool IsFinal(TaskState state) => state is TaskState.Done or TaskState.Error or TaskState.Cancelled;

    public static async Task<TaskInfo> WaitAsync(ToolContext context, TaskInfo task, Func<long, CancellationToken, Task<TaskInfo>> get, bool json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(get);
        if (json || IsFinal(task.State))
        {
            return await PollAsync(context, task, get, _ => { }, cancellationToken).ConfigureAwait(false);
        }
        if (context.ErrorIsTerminal)
        {
            TaskInfo final = task;
            var console = context.CreateConsole(context.Error, terminal: true);
            await console.Progress().AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
                .StartAsync(async progress =>
                {
                    var bar = progress.AddTask(Label(task), maxValue: 1);
                    final = await PollAsync(context, task, get, current =>
                    {
                        bar.Description = Label(current);
                        bar.MaxValue = Math.Max(1, current.BytesTotal);
                        bar.Value = Math.Min(current.BytesDone, bar.MaxValue);
                    }, cancellationToken).ConfigureAwait(false);
                    bar.Value = bar.MaxValue;
                }).ConfigureAwait(false);
            return final;
        }
        TaskState? lastState = null;
        var lastPercent = "";
        var lastLine = DateTimeOffset.MinValue;
        return await PollAsync(context, task, get, current =>
        {
            var percent = ToolOutput.Percent(current.BytesDone, current.BytesTotal);
            var now = DateTimeOffset.UtcNow;
            if (current.State != lastState || (percent != lastPercent && now - lastLine >= PlainLineInterval))
            {
                context.Out.WriteLine(Line(current));
                lastState = current.State;
                lastPercent = percent;
                lastLine = now;
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Prints how the task ended; returns the exit code: 0 done, 1 error or cancelled.</summary>
    public static int Report(ToolContext context, TaskInfo task, bool json)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(task);
        if (json)
        {
            ToolOutput.Json(context, task);
        }
        else if (task.State == TaskState.Done)
        {
            context.Out.WriteLine(task.ArchiveId is null ? $"task {task.Id}: done" : $"task {task.Id}: done (archive {task.ArchiveId})");
        }
        else
        {
            context.Out.WriteLine($"task {task.Id}: {ToolOutput.Lower(task.State)}{(task.Error is null ? "" : ": " + task.Error)}");
        }
        return task.State == TaskState.Done ? 0 : ToolRunner.ExitFailed;
    }

    public static string Line(TaskInfo task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var progress = task.BytesTotal > 0 ? $" {ToolOutput.Percent(task.BytesDone, task.BytesTotal)} ({ToolOutput.Bytes(task.BytesDone)} of {ToolOutput.Bytes(task.BytesTotal)})" : "";
        return $"task {task.Id} ({ToolOutput.Lower(task.Kind)}): {ToolOutput.Lower(task.State)}{progress}";
    }

    private static string Label(TaskInfo task) => Markup.Escape($"task {task.Id} {ToolOutput.Lower(task.Kind)} {ToolOutput.Lower(task.State)}");

    private static async Task<TaskInfo> PollAsync(ToolContext context, TaskInfo task, Func<long, CancellationToken, Task<TaskInfo>> get, Action<TaskInfo> show, CancellationToken cancellationToken)
    {
        var current = task;
        DateTimeOffset? silentSince = null;
        while (true)
        {
            show(current);
            if (IsFinal(current.State))
            {
                return current;
            }
            await Task.Delay(context.PollInterval, cancellationToken).ConfigureAwait(false);
            try
            {
                current = await get(task.Id, cancellationToken).ConfigureAwait(false);
                silentSince = null;
            }
            catch (ApiException e) when (e.NoAnswer || e.StatusCode >= 500)
            {
                silentSince ??= DateTimeOffset.UtcNow;
                if (DateTimeOffset.UtcNow - silentSince >= SilenceLimit)
                {
                    throw new ApiException(e.StatusCode, $"stopped waiting for task {task.Id} (it goes on): {e.Message}", e);
                }
            }
        }
    }
}
