using RuBackup.Client.Api;
using RuBackup.Client.Logging;

namespace RuBackup.Client.Tasks;

/// <summary>
/// Long-polls the server for tasks and runs each with the <see cref="TaskRunner"/>, MaxTasks at a time
/// (one worker per slot). A refusal (403 until an administrator authorizes the client, or after a
/// revoke) waits a poll interval; no answer retries with backoff. Each change of state is logged once.
/// </summary>
public sealed class TaskPollLoop
{
    private readonly RuBackupApiClient _api;
    private readonly TaskRunner _runner;
    private readonly TaskRunnerOptions _options;
    private readonly ClientLog _log;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private string? _problem = "";

    public TaskPollLoop(RuBackupApiClient api, TaskRunner runner, TaskRunnerOptions options, ClientLog log, TimeProvider? time = null)
    {
        _api = api ?? throw new ArgumentNullException(nameof(api));
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Hears every finished task (tests, the daemon's statistics).</summary>
    public Action<TaskOutcome>? Completed { get; set; }

    public Task RunAsync(CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, _options.MaxTasks)).Select(_ => Task.Run(() => WorkerAsync(stop), CancellationToken.None)));

    /// <summary>One long poll; runs the task it brings. Null when none came. Errors are ApiExceptions.</summary>
    public async Task<TaskOutcome?> PollOnceAsync(CancellationToken stop)
    {
        var assignment = await _api.NextTaskAsync(_options.PollWait, stop).ConfigureAwait(false);
        if (assignment is null)
        {
            return null;
        }
        var outcome = await _runner.RunAsync(assignment, stop).ConfigureAwait(false);
        Completed?.Invoke(outcome);
        return outcome;
    }

    private async Task WorkerAsync(CancellationToken stop)
    {
        var backoff = new Backoff(_options.RetryFirst, _options.RetryMax);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var polled = _api.NextTaskAsync(_options.PollWait, stop);
                var assignment = await polled.ConfigureAwait(false);
                Settle(null);
                backoff.Reset();
                if (assignment is not null)
                {
                    var outcome = await _runner.RunAsync(assignment, stop).ConfigureAwait(false);
                    Completed?.Invoke(outcome);
                }
            }
            catch (ApiException e) when (e.StatusCode == 403)
            {
                Settle($"no tasks: {e.Message}; waiting for an administrator to authorize this client");
                await DelayAsync(_options.PollWait, stop).ConfigureAwait(false);
            }
            catch (ApiException e)
            {
                Settle($"cannot poll the server for tasks: {e.Message}; retrying");
                await DelayAsync(backoff.Next(), stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Logs the poll state when it changes: a problem, or taking tasks again.</summary>
    private void Settle(string? problem)
    {
        lock (_gate)
        {
            if (problem == _problem)
            {
                return;
            }
            var first = _problem == "";
            _problem = problem;
            if (problem is not null)
            {
                _log.Warn(problem);
            }
            else
            {
                _log.Info(first ? "polling the server for tasks" : "the server answers again: polling for tasks");
            }
        }
    }

    private async Task DelayAsync(TimeSpan wait, CancellationToken stop)
    {
        try
        {
            await Task.Delay(wait, _time, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loop sees the stop.
        }
    }
}
