using System.CommandLine;
using RuBackup.Repository.Crypto;
using RuBackup.Repository.Format;
using RuBackup.Repository.Signing;

namespace RuBackup.RustackModule;

/// <summary>
/// The module's command line, as the product has it: one command with mode flags (-l, -t, -b, -r)
/// rather than subcommands, because RuBackup's client calls modules that way.
/// </summary>
internal static class ModuleCommand
{
    public static RootCommand Create(CancellationToken stop)
    {
        var config = new Option<string?>("-c") { Description = "Configuration file (default: $RUBACKUP_ROOT/etc/rb_module_rustack.conf, RUBACKUP_ROOT=/opt/rubackup)", HelpName = "FILE" };
        var list = new Option<bool>("-l") { Description = "List the project's VMs: name, id, status" };
        var json = new Option<bool>("--json") { Description = "Machine-readable output" };
        var test = new Option<bool>("-t") { Description = "Check the configuration and access to the cloud; exit 0 only when every check passes" };
        var backup = new Option<string?>("-b") { Description = "Back up the VM (id or unique name)", HelpName = "VM" };
        var repo = new Option<string?>("--repo")
        {
            Description = "Repository folder (rb_repo init), or the server's pool URL (http[s]://...; bearer token in RUBACKUP_POOL_TOKEN, CA file in RUBACKUP_SERVER_CA)",
            HelpName = "DIR|URL",
        };
        var type = new Option<string?>("--type") { Description = "full, incremental or differential", HelpName = "TYPE" };
        type.AcceptOnlyFromAmong("full", "incremental", "differential");
        var key = new Option<string?>("--key") { Description = "Master key file (32 bytes)", HelpName = "FILE" };
        var encryption = new Option<string?>("--encryption")
        {
            Description = "With -b and --key: aes-256-gcm (default), a suite such as kuznyechik-256, or an algorithm alone (Kuznyechik: its 256-bit key); a restore reads it from the archive",
            HelpName = "NAME",
        };
        var scriptBefore = new Option<string?>("--script-before") { Description = "Guest script run before the snapshots (overrides script_before_snapshot)", HelpName = "PATH" };
        var scriptAfter = new Option<string?>("--script-after") { Description = "Guest script run after the snapshots (overrides script_after_snapshot)", HelpName = "PATH" };
        var restore = new Option<string?>("-r") { Description = "Restore the archive", HelpName = "ARCHIVE" };
        var deploy = new Option<bool>("-x") { Description = "With -r: deploy the archive as a new VM in the project" };
        var toFolder = new Option<bool>("-X") { Description = "With -r: restore to a folder (--target) as raw images plus vm.json, without the cloud" };
        var target = new Option<string?>("--target") { Description = "Folder for -X", HelpName = "DIR" };
        var task = new Option<string?>("--task") { Description = "With -b: the server's task this run belongs to; recorded on every temporary resource (metadata rubackup_task)", HelpName = "ID" };
        var sweepTask = new Option<string[]>("--sweep-task")
        {
            Description = "With -b: a task the server declared dead (its client's lease ran out); its temporary resources are removed first, whichever backup VM made them (repeatable)",
            HelpName = "ID",
        };
        var exportFolder = new Option<string?>("--export-folder")
        {
            Description = "With -b: after the commit, export the new archive alone (not its chain) to DIR/ARCHIVE.rbexport (rb_repo import reads it)",
            HelpName = "DIR",
        };
        var signingKey = new Option<string?>("--signing-key") { Description = "With -b: sign the archive's manifest with this ECDSA P-256 private key (PKCS#8 PEM, the client's keys/client.key)", HelpName = "FILE" };
        var signerName = new Option<string?>("--signer-name") { Description = "With --signing-key: the signer's name recorded next to the key (default: the host name)", HelpName = "NAME" };
        var signers = new Option<string?>("--signers")
        {
            Description = "With -r: the clients' keys ('FINGERPRINT authorized|revoked CLIENT' lines); an archive of the chain signed by any other key is refused before anything is created",
            HelpName = "FILE",
        };
        var progress = new Option<bool>("--progress") { Description = "With -b and -r: write 'progress DONE TOTAL' (bytes) to stderr about twice a second and at the end" };

        var root = new RootCommand("rb_module_rustack: agentless backup and restore of RUSTACK (OpenStack) VMs")
        {
            config, list, json, test, backup, repo, type, key, encryption, scriptBefore, scriptAfter, restore, deploy, toFolder, target, progress, task, sweepTask, exportFolder, signingKey, signerName, signers,
        };
        root.SetAction(async (parse, _) =>
        {
            var modes = new[] { parse.GetValue(list), parse.GetValue(test), parse.GetValue(backup) is not null, parse.GetValue(restore) is not null }.Count(m => m);
            if (modes != 1)
            {
                return Cli.Fail("give exactly one of -l, -t, -b VM, -r ARCHIVE (see --help)");
            }
            var configPath = parse.GetValue(config) ?? RuBackup.Rustack.Config.ConfigParser.DefaultPath();
            var asJson = parse.GetValue(json);
            var withProgress = parse.GetValue(progress);
            var taskId = parse.GetValue(task);
            var sweepTasks = parse.GetValue(sweepTask) ?? [];
            return await Cli.RunAsync(async () =>
            {
                if (parse.GetValue(list))
                {
                    return await ListAction.RunAsync(configPath, asJson, stop).ConfigureAwait(false);
                }
                if (parse.GetValue(test))
                {
                    return await CheckAction.RunAsync(configPath, stop).ConfigureAwait(false);
                }
                if ((taskId is not null || sweepTasks.Length > 0) && parse.GetValue(backup) is null)
                {
                    throw new UsageException("--task and --sweep-task go with -b only");
                }
                if (taskId is { Length: 0 } || sweepTasks.Any(string.IsNullOrWhiteSpace))
                {
                    throw new UsageException("--task and --sweep-task need a task id");
                }
                var export = parse.GetValue(exportFolder);
                if (export is not null && parse.GetValue(backup) is null)
                {
                    throw new UsageException("--export-folder goes with -b only");
                }
                if (export is not null && !Directory.Exists(export))
                {
                    // Before the cloud is touched: a run that cannot export should not make an archive first.
                    throw new UsageException($"--export-folder {Path.GetFullPath(export)}: no such folder");
                }
                if (parse.GetValue(encryption) is not null && parse.GetValue(backup) is null)
                {
                    throw new UsageException("--encryption goes with -b only; a restore reads the algorithm from the archive");
                }
                if ((parse.GetValue(signingKey) is not null || parse.GetValue(signerName) is not null) && parse.GetValue(backup) is null)
                {
                    throw new UsageException("--signing-key and --signer-name go with -b only; a restore judges signers with --signers FILE");
                }
                if (parse.GetValue(signers) is not null && parse.GetValue(restore) is null)
                {
                    throw new UsageException("--signers goes with -r only");
                }
                if (parse.GetValue(signerName) is not null && parse.GetValue(signingKey) is null)
                {
                    throw new UsageException("--signer-name needs the key to sign with: give --signing-key FILE");
                }
                var repository = parse.GetValue(repo) ?? throw new UsageException("--repo DIR|URL is required with -b and -r");
                if (parse.GetValue(backup) is { } vm)
                {
                    var archiveType = parse.GetValue(type) switch
                    {
                        "full" => ArchiveType.Full,
                        "incremental" => ArchiveType.Incremental,
                        "differential" => ArchiveType.Differential,
                        _ => throw new UsageException("--type full|incremental|differential is required with -b"),
                    };
                    var algorithm = parse.GetValue(encryption) is { } name ? ChunkAlgorithm.Parse(name, "--encryption") : null;
                    if (algorithm is not null && parse.GetValue(key) is null)
                    {
                        throw new UsageException($"--encryption {algorithm.Name} needs the master key: give --key FILE");
                    }
                    // Loaded before the cloud is touched, so a bad key file is one line and nothing to clean.
                    using var signer = parse.GetValue(signingKey) is { } pem ? ManifestSigner.FromPemFile(pem, parse.GetValue(signerName) ?? Environment.MachineName) : null;
                    var request = new RuBackup.Rustack.Backup.VmBackupRequest
                    {
                        Vm = vm, Repository = repository, Type = archiveType, ScriptBefore = parse.GetValue(scriptBefore), ScriptAfter = parse.GetValue(scriptAfter),
                        TaskId = taskId, SweepTasks = sweepTasks, Encryption = algorithm, Signer = signer,
                    };
                    return await BackupAction.RunAsync(configPath, request, parse.GetValue(key), export, asJson, withProgress, stop).ConfigureAwait(false);
                }
                var archive = parse.GetValue(restore)!;
                if (parse.GetValue(deploy) == parse.GetValue(toFolder))
                {
                    throw new UsageException("-r needs exactly one of -x (deploy as a new VM) or -X --target DIR (restore to a folder)");
                }
                var trusted = parse.GetValue(signers) is { } signersFile ? TrustedSigners.Load(signersFile) : null;
                if (parse.GetValue(toFolder))
                {
                    var folder = parse.GetValue(target) ?? throw new UsageException("-X needs --target DIR");
                    return await RestoreAction.ToFolderAsync(repository, archive, folder, parse.GetValue(key), trusted, asJson, withProgress, stop).ConfigureAwait(false);
                }
                return await RestoreAction.DeployAsync(configPath, repository, archive, parse.GetValue(key), trusted, asJson, withProgress, stop).ConfigureAwait(false);
            }).ConfigureAwait(false);
        });
        return root;
    }
}
