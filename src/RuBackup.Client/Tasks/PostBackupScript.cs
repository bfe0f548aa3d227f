using System.Globalization;
using RuBackup.Api;
using RuBackup.Client.Modules;

namespace RuBackup.Client.Tasks;

/// <summary>
/// A rule's post-backup script (script_after_backup): after the module committed the archive and
/// exported it alone to EXPORTFOLDER/ID.rbexport, the script runs on this host with the archive's
/// facts in its environment (never the pool token) and may transform that file, e.g. with rbcrypt under
/// a key of its own. The document's rule: the transformed file must keep its name, else the task ends
/// with an error. The archive in the pool is untouched either way.
/// </summary>
public sealed class PostBackupScript
{
    public const string ArchiveIdVariable = "RUBACKUP_ARCHIVE_ID";
    public const string ArchiveFileVariable = "RUBACKUP_ARCHIVE_FILE";
    public const string TaskIdVariable = "RUBACKUP_TASK_ID";
    public const string RuleIdVariable = "RUBACKUP_RULE_ID";
    public const string ResourceVariable = "RUBACKUP_RESOURCE";
    public const string ResourceNameVariable = "RUBACKUP_RESOURCE_NAME";
    public const string PoolVariable = "RUBACKUP_POOL";

    private const string Prefix = "post-backup script: ";

    private readonly string _path;
    private readonly TaskRunnerOptions _options;
    private readonly TimeProvider _time;
    private readonly Action<string, string> _log;

    /// <param name="log">Level and message of a line for the task log (and the client's).</param>
    public PostBackupScript(string path, TaskRunnerOptions options, Action<string, string> log, TimeProvider? time = null)
    {
        _path = path ?? throw new ArgumentNullException(nameof(path));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The script of a backup task's rule; null when it has none. A path that is not absolute is refused before the backup runs.</summary>
    public static string? Of(TaskInfo task, RuleSettings? rule)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.Kind != TaskKind.Backup || string.IsNullOrWhiteSpace(rule?.ScriptAfterBackup))
        {
            return null;
        }
        var path = rule.ScriptAfterBackup.Trim();
        if (!Path.IsPathFullyQualified(path))
        {
            throw new TaskSetupException($"task {task.Id}: script_after_backup '{path}' of rule '{rule.Name}' is not an absolute path");
        }
        return path;
    }

    /// <summary>Creates the export folder, mode 0700 (the files are whole archives), when it is missing.</summary>
    public static void CreateFolder(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        try
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TaskSetupException($"export_folder {folder}: cannot create it: {e.Message}", e);
        }
    }

    /// <summary>What the script gets in its environment, besides the client's own (minus the pool token).</summary>
    public static Dictionary<string, string> Environment(TaskInfo task, RuleSettings? rule, string archiveId, string file)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ArchiveIdVariable] = archiveId,
            [ArchiveFileVariable] = file,
            [TaskIdVariable] = task.Id.ToString(CultureInfo.InvariantCulture),
            [RuleIdVariable] = task.RuleId?.ToString(CultureInfo.InvariantCulture) ?? "",
            [ResourceVariable] = task.Resource ?? rule?.Resource ?? "",
            [ResourceNameVariable] = task.ResourceName ?? rule?.ResourceName ?? "",
            [PoolVariable] = task.Pool ?? rule?.Pool ?? "",
        };
    }

    /// <summary>
    /// Runs the script on <paramref name="exportFile"/> (the module's "export"); returns null when it
    /// exited 0 and the file is still there under its name, else the task's error. When
    /// <paramref name="interrupt"/> fires the script is stopped as the module is (SIGTERM, SIGKILL after
    /// the grace period) and OperationCanceledException is thrown.
    /// </summary>
    public async Task<string?> RunAsync(TaskAssignment assignment, string archiveId, string? exportFile, CancellationToken interrupt)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var rule = assignment.Rule?.Name ?? "";
        if (exportFile is null || !File.Exists(exportFile))
        {
            return exportFile is null
                ? $"the module reported no export file (\"export\" in its JSON), so the post-backup script {_path} of rule '{rule}' did not run"
                : $"the module's export file {exportFile} is missing, so the post-backup script {_path} of rule '{rule}' did not run";
        }
        _log("info", $"running the post-backup script {_path} on {exportFile}");
        var environment = Environment(assignment.Task, assignment.Rule, archiveId, exportFile);
        var options = new ChildOptions { Role = "the post-backup script", StdoutLines = true, Unset = [TaskRunner.PoolTokenVariable] };
        ModuleProcess process;
        try
        {
            process = ModuleProcess.Start(_path, [], environment, OnLine, options);
        }
        catch (TaskSetupException e)
        {
            return $"{e.Message} (rule '{rule}')";
        }
        int exitCode;
        using (process)
        {
            var exited = process.WaitAsync(CancellationToken.None);
            try
            {
                await exited.WaitAsync(interrupt).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                if (!exited.IsCompleted)
                {
                    _log("warning", $"stopping the post-backup script (SIGTERM, SIGKILL after {_options.InterruptGrace.TotalSeconds:0} s)");
                    await process.StopAsync(_options.InterruptGrace, _time).ConfigureAwait(false);
                }
                throw;
            }
            exitCode = await exited.ConfigureAwait(false);
        }
        if (exitCode != 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the post-backup script {_path} of rule '{rule}' failed with exit code {exitCode}; archive {archiveId} is committed");
        }
        if (!File.Exists(exportFile))
        {
            return $"the post-backup script {_path} of rule '{rule}' exited 0, but file {exportFile} no longer exists: a transformed file must keep its name; archive {archiveId} is committed";
        }
        _log("info", $"the post-backup script exited 0; {exportFile} kept its name");
        return null;
    }

    /// <summary>Every line of the script is a log line; "progress …" is not the module's here, so it is text too.</summary>
    private void OnLine(ModuleLine line)
    {
        switch (line)
        {
            case ModuleLine.Log log:
                _log(log.Level, Prefix + log.Message);
                break;
            case ModuleLine.Progress progress:
                _log("info", string.Create(CultureInfo.InvariantCulture, $"{Prefix}progress {progress.Done} {progress.Total}"));
                break;
        }
    }
}
