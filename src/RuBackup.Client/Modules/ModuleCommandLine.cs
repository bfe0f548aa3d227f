using RuBackup.Api;
using RuBackup.Client.Tasks;

namespace RuBackup.Client.Modules;

/// <summary>
/// The module's argument lists, exactly as the architecture fixes them. The pool token never appears
/// here: it travels in RUBACKUP_POOL_TOKEN, out of reach of `ps`.
/// </summary>
public static class ModuleCommandLine
{
    public const string NoEncryption = "nocrypt";

    public static IReadOnlyList<string> List(ModuleSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return ["-c", settings.ModuleConfig, "-l", "--json"];
    }

    /// <summary>The arguments for a backup or restore task; a task the module cannot run is a TaskSetupException.</summary>
    /// <param name="signersFile">For a restore: the file of client keys the module judges the archives' signers by (<see cref="SignersFile"/>).</param>
    public static IReadOnlyList<string> ForTask(TaskAssignment assignment, ModuleSettings settings, string poolUrl, string? signersFile = null)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(settings);
        var task = assignment.Task;
        return task.Kind switch
        {
            TaskKind.Backup => Backup(task, assignment.Rule, settings, poolUrl),
            TaskKind.Restore => Restore(task, settings, poolUrl, signersFile),
            _ => throw new TaskSetupException($"task {task.Id}: a {task.Kind.ToString().ToLowerInvariant()} task runs on the server, not on a client"),
        };
    }

    private static List<string> Backup(TaskInfo task, RuleSettings? rule, ModuleSettings settings, string poolUrl)
    {
        var resource = task.Resource ?? rule?.Resource ?? throw new TaskSetupException($"task {task.Id}: the backup task names no resource (VM)");
        var type = task.BackupType ?? rule?.BackupType ?? BackupKind.Full;
        var arguments = new List<string> { "-c", settings.ModuleConfig, "-b", resource, "--repo", poolUrl, "--type", type.ToString().ToLowerInvariant() };
        if (rule is not null && !string.Equals(rule.Encryption, NoEncryption, StringComparison.OrdinalIgnoreCase))
        {
            // The rule's algorithm as the server validated it ("aes-256-gcm", "kuznyechik-256"): the module
            // seals the chunks with it and records it in the archive, where restore finds it.
            arguments.AddRange(["--key", settings.MasterKeyFile, "--encryption", rule.Encryption]);
        }
        // Every manifest is signed with the key the client proves itself with, so the server and any
        // later restore can tell which client wrote the archive.
        arguments.AddRange(["--signing-key", settings.SigningKeyFile, "--signer-name", settings.ClientName]);
        if (!string.IsNullOrWhiteSpace(rule?.ScriptBeforeSnapshot))
        {
            arguments.AddRange(["--script-before", rule.ScriptBeforeSnapshot]);
        }
        if (!string.IsNullOrWhiteSpace(rule?.ScriptAfterSnapshot))
        {
            arguments.AddRange(["--script-after", rule.ScriptAfterSnapshot]);
        }
        if (PostBackupScript.Of(task, rule) is not null)
        {
            // The script works on the exported file, never on the pool: the module writes it after the commit.
            arguments.AddRange(["--export-folder", settings.ExportFolder]);
        }
        // Marks every temporary resource with the task, and names the lost run whose leftovers go first
        // (a retry after a lost lease: that run's member may be dead, its run lock out of reach).
        arguments.AddRange(["--task", Id(task.Id)]);
        if (task.CleansTaskId is { } dead)
        {
            arguments.AddRange(["--sweep-task", Id(dead)]);
        }
        arguments.AddRange(["--json", "--progress"]);
        return arguments;
    }

    private static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static List<string> Restore(TaskInfo task, ModuleSettings settings, string poolUrl, string? signersFile)
    {
        var archive = task.ArchiveId ?? throw new TaskSetupException($"task {task.Id}: the restore task names no archive");
        var arguments = new List<string> { "-c", settings.ModuleConfig, "-r", archive };
        switch (task.RestoreMode ?? RestoreMode.Deploy)
        {
            case RestoreMode.Deploy:
                arguments.Add("-x");
                break;
            case RestoreMode.Folder:
                arguments.AddRange(["-X", "--target", RestoreTarget(task, settings)]);
                break;
        }
        // The key is always offered: the engine applies it only to encrypted archives, and the client
        // cannot see whether an archive it restores for another client's request was encrypted.
        arguments.AddRange(["--repo", poolUrl, "--key", settings.MasterKeyFile, "--json", "--progress"]);
        if (signersFile is not null)
        {
            arguments.AddRange(["--signers", signersFile]);
        }
        return arguments;
    }

    public static string RestoreTarget(TaskInfo task, ModuleSettings settings)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrWhiteSpace(task.RestoreTarget))
        {
            return Path.Combine(settings.RestoreFolder, task.ArchiveId ?? task.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (!Path.IsPathFullyQualified(task.RestoreTarget))
        {
            throw new TaskSetupException($"task {task.Id}: restore target '{task.RestoreTarget}' is not an absolute path");
        }
        return task.RestoreTarget;
    }
}

/// <summary>A task the client cannot start (it is finished with this message as its error).</summary>
public sealed class TaskSetupException : Exception
{
    public TaskSetupException(string message) : base(message) { }

    public TaskSetupException(string message, Exception inner) : base(message, inner) { }

    public TaskSetupException() { }
}
