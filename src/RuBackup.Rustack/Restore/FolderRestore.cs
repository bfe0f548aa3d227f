using RuBackup.Repository.Crypto;
using RuBackup.Repository.Engine;
using RuBackup.Rustack.Backup;

namespace RuBackup.Rustack.Restore;

public sealed record FolderRestoreResult(string ArchiveId, IReadOnlyList<string> Images, string? DescriptionFile);

/// <summary>
/// `-X`: restores an archive into a folder without touching the cloud: one sparse raw image per
/// disk (named after the original volume id) and vm.json, the VM description recorded at backup.
/// </summary>
public static class FolderRestore
{
    public const string DescriptionFileName = "vm.json";

    public static async Task<FolderRestoreResult> RunAsync(string repositoryFolder, string archiveId, string target, MasterKey? key, ModuleLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        var descriptionPath = Path.Combine(target, DescriptionFileName);
        if (File.Exists(descriptionPath))
        {
            throw new IOException($"{descriptionPath}: already exists; restore into an empty folder");
        }
        var repository = await BackupRepository.OpenAsync(repositoryFolder, cancellationToken).ConfigureAwait(false);
        var manifest = await new RestoreReader(repository).RestoreToFolderAsync(archiveId, target, key, null, 0, cancellationToken).ConfigureAwait(false);
        var images = manifest.Disks.Select(d => Path.Combine(target, d.Name + ".raw")).ToList();
        if (manifest.Metadata.Length == 0)
        {
            log.Warn($"archive {archiveId} has no VM description; only the disk images were restored");
            return new FolderRestoreResult(manifest.Id, images, null);
        }
        // Parsed before writing, so a foreign archive is reported instead of copied blindly.
        var description = VmDescription.FromBytes(manifest.Metadata, archiveId);
        var partial = descriptionPath + ".partial";
        await File.WriteAllBytesAsync(partial, description.ToBytes(), cancellationToken).ConfigureAwait(false);
        File.Move(partial, descriptionPath);
        return new FolderRestoreResult(manifest.Id, images, descriptionPath);
    }
}
