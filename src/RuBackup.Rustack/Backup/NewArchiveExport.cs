using RuBackup.Repository;
using RuBackup.Repository.Transfer;

namespace RuBackup.Rustack.Backup;

/// <summary>
/// `-b VM --export-folder DIR`: the archive a backup just committed, alone (not its chain), as one
/// self-contained file DIR/ARCHIVE.rbexport, for the client's post-backup script to transform and the
/// administrator to ship to tape or another site. Read back from the repository the backup wrote
/// (folder or pool URL), so the file holds exactly what the pool holds.
/// </summary>
public static class NewArchiveExport
{
    public const string Extension = ".rbexport";

    /// <summary>The absolute path the archive's file gets in <paramref name="folder"/>.</summary>
    public static string PathFor(string folder, string archiveId)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return Path.Combine(Path.GetFullPath(folder), archiveId + Extension);
    }

    /// <summary>
    /// Writes the file under a temporary name in the same folder and renames it (the exporter's way),
    /// so the final name never holds half a file. An export that fails leaves the archive committed:
    /// the error says so.
    /// </summary>
    public static async Task<ExportReport> RunAsync(string repository, string archiveId, string folder, ModuleLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        var path = PathFor(folder, archiveId);
        log.Info($"exporting archive {archiveId} to {path}");
        try
        {
            using var opened = await RepositoryAccess.OpenAsync(repository, cancellationToken).ConfigureAwait(false);
            var report = await new ArchiveExporter(opened.Repository).ExportAsync(archiveId, withChain: false, path, cancellationToken).ConfigureAwait(false);
            log.Info($"exported archive {archiveId}: {report.Chunks} chunks, {report.Bytes} bytes in {path}");
            return report;
        }
        catch (Exception e) when (e is RepositoryException or IOException or UnauthorizedAccessException)
        {
            throw new RepositoryException($"archive {archiveId} is committed, but its export to {path} failed: {e.Message}", e);
        }
    }
}
