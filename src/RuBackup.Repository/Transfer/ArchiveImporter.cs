using RuBackup.Repository.Engine;
using RuBackup.Repository.Format;

namespace RuBackup.Repository.Transfer;

/// <param name="Archives">One report per carried archive, in file order; <see cref="CopyReport.AlreadyInTarget"/> marks one skipped as identical.</param>
public sealed record ImportReport(string Path, IReadOnlyList<CopyReport> Archives);

/// <summary>
/// Brings the archives of an export file into a repository without the master key. Everything that
/// could refuse the import is checked before the first chunk is written: the file whole (checksum,
/// structure, every referenced chunk carried), the chunk size, the target's encryption rule, archives
/// the target already holds (identical: skipped; different: refused), and every base (in the target
/// or earlier in the file). Then each archive is copied, oldest first, through the target's write
/// sessions: a dedup target receives only the chunks it lacks, and each manifest is committed after
/// its chunks are durable, so an interrupted import leaves whole archives and can simply be repeated.
/// </summary>
public sealed class ArchiveImporter(BackupRepository target)
{
    public async Task<ImportReport> ImportAsync(string path, CancellationToken cancellationToken = default)
    {
        using var file = ExportFile.Open(path, cancellationToken);
        var source = await BackupRepository.OpenAsync(new ExportFileDevice(file), target.Time, cancellationToken).ConfigureAwait(false);
        await CheckAsync(file, cancellationToken).ConfigureAwait(false);

        var copier = new ArchiveCopier(source, target);
        var reports = new List<CopyReport>(file.Archives.Count);
        foreach (var manifest in file.Archives)
        {
            reports.Add(await copier.CopyAsync(manifest.Id, cancellationToken).ConfigureAwait(false));
        }
        return new ImportReport(file.Path, reports);
    }

    private async Task CheckAsync(ExportFile file, CancellationToken cancellationToken)
    {
        var into = target.Device.Description;
        if (file.Header.ChunkSize != target.Config.ChunkSize)
        {
            throw new RepositoryException($"{file.Path}: archives of {file.Header.ChunkSize / 1024} KiB chunks, {into} uses {target.Config.ChunkSize / 1024} KiB: import needs a repository of the same chunk size; nothing imported");
        }
        var present = new HashSet<string>(await target.Device.ListManifestsAsync(cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);
        var known = new HashSet<string>(present, StringComparer.Ordinal);
        foreach (var manifest in file.Archives)
        {
            if (target.Config.EncryptionRequired && !manifest.Encrypted)
            {
                throw new RepositoryException($"{file.Path}: archive {manifest.Id} is not encrypted, {into} requires encryption; nothing imported");
            }
            if (present.Contains(manifest.Id))
            {
                var existing = await target.Device.GetManifestAsync(manifest.Id, cancellationToken).ConfigureAwait(false);
                if (!existing.AsSpan().SequenceEqual(file.Manifest(manifest.Id)))
                {
                    throw new RepositoryException($"{file.Path}: {into} already holds another archive named '{manifest.Id}'; nothing imported");
                }
            }
            if (manifest.Base is not null && !known.Contains(manifest.Base))
            {
                throw new RepositoryException($"{file.Path}: archive {manifest.Id} is {Article(manifest.Type)} of base {manifest.Base}, which neither the file nor {into} holds (export with --chain); nothing imported");
            }
            known.Add(manifest.Id);
        }
    }

    private static string Article(ArchiveType type) => type == ArchiveType.Differential ? "a differential" : "an incremental";
}
