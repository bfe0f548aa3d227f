using RuBackup.Repository.Crypto;
using RuBackup.Rustack.Backup;
using RuBackup.Rustack.Cloud;
using RuBackup.Rustack.Config;

namespace RuBackup.RustackModule;

/// <summary>`-b VM`: one backup of the VM into the repository.</summary>
internal static class BackupAction
{
    /// <param name="request">Everything but the key and the progress sink, which this action supplies.</param>
    /// <param name="exportFolder">`--export-folder`: where the committed archive is exported to, alone, as ID.rbexport.</param>
    public static async Task<int> RunAsync(string configPath, VmBackupRequest request, string? keyFile, string? exportFolder, bool json, bool progress, CancellationToken stop)
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
            result = await new VmBackup(cloud, RunRegistry.Default(), new ProcessRunner(), log).RunAsync(request with { Key = key, Progress = reporter?.Progress }, stop).ConfigureAwait(false);
        }
        // After the commit and outside the cleanup of the cloud run: the export reads the pool only.
        var export = exportFolder is null
            ? null
            : (await NewArchiveExport.RunAsync(request.Repository, result.ArchiveId, exportFolder, log, stop).ConfigureAwait(false)).Path;
        if (json)
        {
            Cli.WriteJson(new { Archive = result.ArchiveId, Type = result.Type.ToString().ToLowerInvariant(), Vm = result.Vm.Name, VmId = result.Vm.Id, result.Warnings, Export = export, Signer = request.Signer?.Fingerprint });
        }
        else
        {
            Console.WriteLine($"archive {result.ArchiveId} ({result.Type.ToString().ToLowerInvariant()}) of VM {result.Vm.Name} ({result.Vm.Id}): {result.Vm.Disks.Count} disks{(export is null ? "" : ", exported to " + export)}");
        }
        return 0;
    }
}
