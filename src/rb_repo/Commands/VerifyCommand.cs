using System.CommandLine;
using RuBackup.Repository.Engine;

namespace RuBackup.RepoTool;

internal static class VerifyCommand
{
    public static Command Create()
    {
        var repo = CliSupport.RepoOption();
        var archive = new Option<string?>("--archive") { Description = "Verify only this archive and its chain" };
        var key = CliSupport.KeyOption();
        var json = CliSupport.JsonOption();
        var command = new Command("verify", "Read and check every chunk; exit 1 if anything is damaged") { repo, archive, key, json };
        CliSupport.SetHandler(command, async (parse, ct) =>
        {
            var repository = await BackupRepository.OpenAsync(parse.GetRequiredValue(repo), ct);
            var asJson = parse.GetValue(json);
            var report = await CliSupport.WithProgressAsync("verify", asJson, progress =>
                new RepositoryVerifier(repository).VerifyAsync(parse.GetValue(archive), CliSupport.LoadKey(parse.GetValue(key)), progress, ct), bytes: false);
            if (asJson)
            {
                CliSupport.WriteJson(new
                {
                    clean = report.Clean,
                    report.ArchivesChecked,
                    report.ChunksChecked,
                    report.BytesChecked,
                    damaged_chunks = report.DamagedChunks.Select(d => new { container = d.Container.ToString(), digest = d.Digest.ToHex(), d.Reason, affected_archives = d.AffectedArchives }),
                    damaged_manifests = report.DamagedManifests.Select(d => new { archive = d.ArchiveId, d.Reason, affected_archives = d.AffectedArchives }),
                    report.Notes,
                });
            }
            else
            {
                foreach (var note in report.Notes)
                {
                    Console.WriteLine($"note: {note}");
                }
                foreach (var d in report.DamagedManifests)
                {
                    Console.WriteLine($"DAMAGED manifest {d.ArchiveId}: {d.Reason}; affects: {Affected(d.AffectedArchives)}");
                }
                foreach (var d in report.DamagedChunks)
                {
                    Console.WriteLine($"DAMAGED chunk {d.Digest} ({d.Container}): {d.Reason}; affects: {Affected(d.AffectedArchives)}");
                }
                Console.WriteLine($"{(report.Clean ? "OK" : "DAMAGED")}: {report.ArchivesChecked} archive(s), {report.ChunksChecked} chunk(s), {CliSupport.HumanBytes(report.BytesChecked)} checked; " +
                    $"{report.DamagedChunks.Count} damaged chunk(s), {report.DamagedManifests.Count} damaged manifest(s)");
            }
            return report.Clean ? 0 : CliSupport.ExitDamaged;
        });
        return command;
    }

    private static string Affected(IReadOnlyList<string> archives) => archives.Count == 0 ? "no archive (unreferenced)" : string.Join(", ", archives);
}
