using RuBackup.Repository.Crypto;
using RuBackup.Repository.Engine;
using RuBackup.Repository.Format;
using RuBackup.Repository.Signing;
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

    /// <param name="repository">A repository folder or a pool URL (see <see cref="RepositoryAccess"/>).</param>
    /// <param name="progress">Bytes written of the bytes to write.</param>
    /// <param name="signers">The clients' keys the archives' signers are judged by (`--signers`); null: reported unchecked.</param>
    public static async Task<FolderRestoreResult> RunAsync(string repository, string archiveId, string target, MasterKey? key, ModuleLog log, TransferProgress? progress,
        TrustedSigners? signers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        var descriptionPath = Path.Combine(target, DescriptionFileName);
        if (File.Exists(descriptionPath))
        {
            throw new IOException($"{descriptionPath}: already exists; restore into an empty folder");
        }
        ArchiveManifest manifest;
        using (var opened = await RepositoryAccess.OpenAsync(repository, cancellationToken).ConfigureAwait(false))
        {
            var chain = await opened.Repository.Catalog.ChainAsync(archiveId, key, cancellationToken).ConfigureAwait(false);
            // Judged on the very manifests that are restored, before the folder gets a single file.
            SignatureGate.Check(chain, signers, log);
            manifest = await new RestoreReader(opened.Repository).RestoreToFolderAsync(chain, target, key, progress, 0, cancellationToken).ConfigureAwait(false);
        }
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
