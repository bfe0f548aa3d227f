using System.Globalization;
using RuBackup.Api;
using RuBackup.Client.Api;
using RuBackup.Client.Logging;
using RuBackup.Client.Modules;

namespace RuBackup.Client.Tasks;

/// <summary>
/// Runs one assigned task: start it on the server, run the module as a subprocess (pool token in the
/// environment), stream its progress and log lines, run the rule's post-backup script after a backup
/// (<see cref="PostBackupScript"/>), and report the end with the archive id and/or the error. The module is stopped with SIGTERM (then SIGKILL after a grace period) when the server takes
/// the task back, stays unreachable past the limit, or the client is told to stop.
/// </summary>
public sealed class TaskRunner
{
    public const string PoolTokenVariable = "RUBACKUP_POOL_TOKEN";
    public const string ServerCaVariable = "RUBACKUP_SERVER_CA";

    private readonly RuBackupApiClient _api;
    private readonly ModuleSettings _module;
    private readonly TaskRunnerOptions _options;
    private readonly ClientLog _log;
    private readonly TimeProvider _time;

    public TaskRunner(RuBackupApiClient api, ModuleSettings module, TaskRunnerOptions options, ClientLog log, TimeProvider? time = null)
    {
        _api = api ?? throw new ArgumentNullException(nameof(api));
        _module = module ?? throw new ArgumentNullException(nameof(module));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Runs the task to its end; <paramref name="stop"/> interrupts the module and reports the task as interrupted.</summary>
    public async Task<TaskOutcome> RunAsync(TaskAssignment assignment, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var task = assignment.Task;
        var id = task.Id;
        _log.Info($"task {id}: assigned: {Describe(task)}");
        if (!await StartAsync(id, stop).ConfigureAwait(false))
        {
            return new TaskOutcome(id, null, "the server did not let the task start", Refused: true, Reported: false);
        }

        IReadOnlyList<string> arguments;
        string? token;
        string? script;
        SignersFile? signers = null;
        try
        {
            signers = SignersFile.Write(assignment);
            arguments = ModuleCommandLine.ForTask(assignment, _module, _api.Absolute(assignment.PoolUrl).ToString(), signers?.Path);
            script = PostBackupScript.Of(task, assignment.Rule);
            if (script is not null)
            {
                PostBackupScript.CreateFolder(_module.ExportFolder);
            }
            token = _api.Tokens is null ? null : await _api.Tokens.GetTokenAsync(stop).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TaskSetupException or ApiException)
        {
            signers?.Dispose();
            return await FinishAsync(id, null, e.Message, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            signers?.Dispose();
            return await FinishAsync(id, null, "interrupted: the client is stopping", stop).ConfigureAwait(false);
        }
        // Removed once the module has exited, whichever way this method returns.
        using var removeSigners = signers;

        await using var reporter = new TaskReporter(_api, id, _options, _time, _options.HeartbeatInterval(assignment.LeaseSeconds)) { Warning = _log.Warn };
        var commandLine = $"{_module.ModulePath} {string.Join(' ', arguments.Select(Quote))}";
        reporter.Log("info", $"running {commandLine}");
        _log.Info($"task {id}: running {commandLine}");

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (token is not null)
        {
            environment[PoolTokenVariable] = token;
        }
        if (_module.ServerCa is not null)
        {
            environment[ServerCaVariable] = _module.ServerCa;
        }

        ModuleProcess process;
        try
        {
            process = ModuleProcess.Start(_module.ModulePath, arguments, environment, line => OnLine(id, reporter, line));
        }
        catch (TaskSetupException e)
        {
            reporter.Log("error", e.Message);
            await reporter.CompleteAsync(_options.ShutdownReportLimit).ConfigureAwait(false);
            return await FinishAsync(id, null, e.Message, stop).ConfigureAwait(false);
        }

        string? stopReason = null;
        int exitCode;
        using (process)
        {
            var exited = process.WaitAsync(CancellationToken.None);
            using (var interrupt = CancellationTokenSource.CreateLinkedTokenSource(stop, reporter.StopRequested))
            {
                try
                {
                    await exited.WaitAsync(interrupt.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    stopReason = stop.IsCancellationRequested ? "interrupted: the client is stopping" : reporter.StopReason;
                }
            }
            if (stopReason is not null && !exited.IsCompleted)
            {
                _log.Warn($"task {id}: stopping the module (SIGTERM, SIGKILL after {_options.InterruptGrace.TotalSeconds:0} s): {stopReason}");
                reporter.Log("warning", $"stopping the module: {stopReason}");
                exitCode = await process.StopAsync(_options.InterruptGrace, _time).ConfigureAwait(false);
            }
            else
            {
                stopReason = null;
                exitCode = await exited.ConfigureAwait(false);
            }
            var result = stopReason is null ? ModuleResult.Parse(process.Stdout) : null;
            var (archive, error) = stopReason is null ? Result(task, result, process, exitCode) : (null, stopReason);
            if (script is not null && archive is not null && error is null)
            {
                error = await RunScriptAsync(assignment, script, archive, result?.Export, reporter, stop).ConfigureAwait(false);
            }
            if (reporter.Refused)
            {
                await reporter.CompleteAsync(TimeSpan.Zero).ConfigureAwait(false);
                _log.Warn($"task {id}: ended on the server's side ({reporter.StopReason}); the module exited with {exitCode}");
                return new TaskOutcome(id, archive, error ?? reporter.StopReason, Refused: true, Reported: false);
            }
            if (error is not null)
            {
                reporter.Log("error", error);
            }
            await reporter.CompleteAsync(stop.IsCancellationRequested ? _options.ShutdownReportLimit : _options.ServerUnreachableLimit).ConfigureAwait(false);
            return await FinishAsync(id, archive, error, stop).ConfigureAwait(false);
        }
    }

    /// <summary>The post-backup script after a successful backup: its error, or why it was stopped.</summary>
    private async Task<string?> RunScriptAsync(TaskAssignment assignment, string script, string archive, string? exportFile,
        TaskReporter reporter, CancellationToken stop)
    {
        var id = assignment.Task.Id;
        var runner = new PostBackupScript(script, _options, (level, message) => OnLine(id, reporter, new ModuleLine.Log(level, message)), _time);
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(stop, reporter.StopRequested);
        try
        {
            return await runner.RunAsync(assignment, archive, exportFile, interrupt.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return stop.IsCancellationRequested ? "interrupted: the client is stopping" : reporter.StopReason;
        }
    }

    private void OnLine(long id, TaskReporter reporter, ModuleLine line)
    {
        switch (line)
        {
            case ModuleLine.Progress progress:
                reporter.Progress(progress.Done, progress.Total);
                break;
            case ModuleLine.Log log:
                reporter.Log(log.Level, log.Message);
                _log.Write(log.Level == "info" ? "INFO" : log.Level == "warning" ? "WARN" : "ERROR", $"task {id}: {log.Message}");
                break;
        }
    }

    /// <summary>The archive id on success, else the error: the module's error lines, or its last lines.</summary>
    private static (string? Archive, string? Error) Result(TaskInfo task, ModuleResult? result, ModuleProcess process, int exitCode)
    {
        if (exitCode == 0)
        {
            var archive = result?.Archive ?? (task.Kind == TaskKind.Restore ? task.ArchiveId : null);
            return archive is null
                ? (null, "the module exited 0 without its JSON result (archive id) on stdout")
                : (archive, null);
        }
        var lines = process.LastLines;
        var errors = lines.Where(l => l.Level == "error").Select(l => l.Message).ToList();
        var text = errors.Count > 0 ? string.Join("; ", errors.TakeLast(3)) : string.Join(" | ", lines.TakeLast(3).Select(l => l.Message));
        return (null, text.Length == 0
            ? string.Create(CultureInfo.InvariantCulture, $"the module exited with code {exitCode} and no message")
            : string.Create(CultureInfo.InvariantCulture, $"{text} (exit code {exitCode})"));
    }

    /// <summary>False when the server refuses (cancelled meanwhile, taken back) or stays silent past the limit.</summary>
    private async Task<bool> StartAsync(long id, CancellationToken stop)
    {
        var backoff = new Backoff(_options.RetryFirst, _options.RetryMax);
        var since = _time.GetUtcNow();
        while (true)
        {
            try
            {
                await _api.StartTaskAsync(id, stop).ConfigureAwait(false);
                return true;
            }
            catch (ApiException e) when ((e.NoAnswer || e.StatusCode >= 500) && _time.GetUtcNow() - since < _options.ServerUnreachableLimit)
            {
                _log.Warn($"task {id}: start not reported, retrying: {e.Message}");
                await Task.Delay(backoff.Next(), _time, stop).ConfigureAwait(false);
            }
            catch (ApiException e)
            {
                _log.Warn($"task {id}: not started: {e.Message}");
                return false;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }

    private async Task<TaskOutcome> FinishAsync(long id, string? archive, string? error, CancellationToken stop)
    {
        var report = new FinishReport(error, archive);
        var backoff = new Backoff(_options.RetryFirst, _options.RetryMax);
        var since = _time.GetUtcNow();
        var limit = stop.IsCancellationRequested ? _options.ShutdownReportLimit : _options.ServerUnreachableLimit;
        while (true)
        {
            try
            {
                using var timeout = new CancellationTokenSource(_options.ReportTimeout, _time);
                await _api.FinishTaskAsync(id, report, timeout.Token).ConfigureAwait(false);
                if (error is null)
                {
                    _log.Info(archive is null ? $"task {id}: done" : $"task {id}: done: archive {archive}");
                }
                else
                {
                    _log.Error($"task {id}: error: {error}");
                }
                return new TaskOutcome(id, archive, error, Refused: false, Reported: true);
            }
            catch (Exception e) when (e is ApiException { NoAnswer: true } or ApiException { StatusCode: >= 500 } or OperationCanceledException)
            {
                if (_time.GetUtcNow() - since >= limit)
                {
                    _log.Error($"task {id}: could not report its end ({(error is null ? "done" : "error: " + error)}): {e.Message}");
                    return new TaskOutcome(id, archive, error, Refused: false, Reported: false);
                }
                await Task.Delay(backoff.Next(), _time, CancellationToken.None).ConfigureAwait(false);
            }
            catch (ApiException e)
            {
                _log.Warn($"task {id}: the server refused its end ({(error is null ? "done" : "error: " + error)}): {e.Message}");
                return new TaskOutcome(id, archive, error ?? e.Message, Refused: true, Reported: false);
            }
        }
    }

    public static string Describe(TaskInfo task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var what = task.Kind switch
        {
            TaskKind.Backup => $"{(task.BackupType ?? BackupKind.Full).ToString().ToLowerInvariant()} backup of {task.ResourceName ?? task.Resource}",
            TaskKind.Restore => $"{(task.RestoreMode ?? RestoreMode.Deploy).ToString().ToLowerInvariant()} restore of archive {task.ArchiveId}",
            _ => $"{task.Kind.ToString().ToLowerInvariant()} {task.ArchiveId}",
        };
        return task.Pool is null ? what : $"{what} (pool {task.Pool})";
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=@%+,".Contains(c, StringComparison.Ordinal)) ? argument : $"'{argument.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
