using RuBackup.Repository.Crypto;
using RuBackup.Repository.Signing;
using RuBackup.Rustack.Backup;
using RuBackup.Rustack.Cloud;
using RuBackup.Rustack.Config;
using RuBackup.Rustack.Restore;

namespace RuBackup.RustackModule;

/// <summary>`-r ARCHIVE -x` (deploy as a new VM) and `-r ARCHIVE -X --target DIR` (to a folder).</summary>
internal static class RestoreAction
{
    /// <param name="signers">`--signers`: the clients' keys every archive of the chain is judged by; null: reported unchecked.</param>
    public static async Task<int> ToFolderAsync(string repository, string archive, string folder, string? keyFile, TrustedSigners? signers, bool json, bool progress, CancellationToken stop)
    {
        var key = keyFile is null ? null : MasterKey.Load(keyFile);
        FolderRestoreResult result;
        await using (var reporter = ProgressReporter.Start(progress))
        {
            result = await FolderRestore.RunAsync(repository, archive, folder, key, Cli.Log(), reporter?.Progress, signers, stop).ConfigureAwait(false);
        }
        if (json)
        {
            Cli.WriteJson(new { Archive = result.ArchiveId, result.Images, Description = result.DescriptionFile });
        }
        else
        {
            Console.WriteLine($"archive {result.ArchiveId} restored into {folder}: {result.Images.Count} images{(result.DescriptionFile is null ? "" : " and " + Path.GetFileName(result.DescriptionFile))}");
        }
        return 0;
    }

    public static async Task<int> DeployAsync(string configPath, string repository, string archive, string? keyFile, TrustedSigners? signers, bool json, bool progress, CancellationToken stop)
    {
        var config = ConfigParser.Load(configPath, ModuleOperation.Restore);
        var key = keyFile is null ? null : MasterKey.Load(keyFile);
        using var cloud = RustackCloud.Create(config, Cli.Verbose);
        CloudRestoreResult result;
        await using (var reporter = ProgressReporter.Start(progress))
        {
            result = await new CloudRestore(cloud, RunRegistry.Default(), Cli.Log()) { Signers = signers }.RunAsync(repository, archive, key, reporter?.Progress, stop).ConfigureAwait(false);
        }
        if (json)
        {
            Cli.WriteJson(new { Archive = archive, Vm = result.Name, VmId = result.ServerId, Volumes = result.VolumeIds });
        }
        else
        {
            Console.WriteLine($"archive {archive} deployed as VM {result.Name} ({result.ServerId})");
        }
        return 0;
    }
}
