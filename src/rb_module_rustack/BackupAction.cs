using RuBackup.Repository.Crypto;
using RuBackup.Repository.Format;
using RuBackup.Rustack.Backup;
using RuBackup.Rustack.Cloud;
using RuBackup.Rustack.Config;

namespace RuBackup.RustackModule;

/// <summary>`-b VM`: one backup of the VM into the repository.</summary>
internal static class BackupAction
{
    public static async Task<int> RunAsync(string configPath, string vm, string repository, ArchiveType type, string? keyFile,
        string? scriptBefore, string? scriptAfter, bool json, bool progress, CancellationToken stop)
    {
        var config = ConfigParser.Load(configPath, ModuleOperation.Backup);
        var log = Cli.Log();
        foreach (var warning in config.Warnings)
        {
            log.Warn(warning);
        }
        var key = keyFile is null ? null : MasterKey.Load(keyFile);
        using var cloud = RustackCloud.Create(config, Cli.Verbose);
        VmBackupResult result;
        await using (var reporter = ProgressReporter.Start(progress))
        {
            var request = new VmBackupRequest { Vm = vm, Repository = repository, Type = type, Key = key, ScriptBefore = scriptBefore, ScriptAfter = scriptAfter, Progress = reporter?.Progress };
            result = await new VmBackup(cloud, RunRegistry.Default(), new ProcessRunner(), log).RunAsync(request, stop).ConfigureAwait(false);
        }
        if (json)
        {
            Cli.WriteJson(new { Archive = result.ArchiveId, Type = result.Type.ToString().ToLowerInvariant(), Vm = result.Vm.Name, VmId = result.Vm.Id, result.Warnings });
        }
        else
        {
            Console.WriteLine($"archive {result.ArchiveId} ({result.Type.ToString().ToLowerInvariant()}) of VM {result.Vm.Name} ({result.Vm.Id}): {result.Vm.Disks.Count} disks");
        }
        return 0;
    }
}
