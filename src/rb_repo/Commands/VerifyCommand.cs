using System.CommandLine;
using RuBackup.Repository.Engine;
using RuBackup.Repository.Signing;

namespace RuBackup.RepoTool;

internal static class VerifyCommand
{
    public static Command Create()
    {
        var repo = CliSupport.RepoOption();
        var archive = new Option<string?>("--archive") { Description = "Verify only this archive and its chain" };
        var key = CliSupport.KeyOption();
        var signers = SignerSupport.SignersOption("an archive signed by a key not on the list fails verification");
        var json = CliSupport.JsonOption();
        var command = new Command("verify", "Read and check every chunk; exit 1 if anything is damaged (or, with --signers, signed by an unknown key)") { repo, archive, key, signers, json };
        CliSupport.SetHandler(command, async (parse, ct) =>
        {
            var trusted = SignerSupport.LoadSigners(parse.GetValue(signers));
            var repository = await BackupRepository.OpenAsync(parse.GetRequiredValue(repo), ct);
            var asJson = parse.GetValue(json);
            var report = await CliSupport.WithProgressAsync("verify", asJson, progress =>
                new RepositoryVerifier(repository) { Signers = trusted }.VerifyAsync(parse.GetValue(archive), CliSupport.LoadKey(parse.GetValue(key)), progress, ct), bytes: false);
            var checks = trusted is null ? [] : report.Signatures;
            var unknown = checks.Count(c => !c.Acceptable);
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
                    signatures = trusted is null ? null : checks.Select(SignerSupport.Json),
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
                foreach (var check in checks)
                {
                    var label = !check.Acceptable ? "UNTRUSTED" : check.Warning ? "warning:" : "signature:";
                    Console.WriteLine($"{label} {check.Describe()}");
                }
                var verdict = report.Damaged ? "DAMAGED" : unknown > 0 ? "UNTRUSTED" : "OK";
                Console.WriteLine($"{verdict}: {report.ArchivesChecked} archive(s), {report.ChunksChecked} chunk(s), {CliSupport.HumanBytes(report.BytesChecked)} checked; " +
                    $"{report.DamagedChunks.Count} damaged chunk(s), {report.DamagedManifests.Count} damaged manifest(s)" +
                    (trusted is null ? "" : $", {unknown} archive(s) signed by an unknown key"));
            }
            return report.Clean ? 0 : CliSupport.ExitDamaged;
        });
        return command;
    }

    private static string Affected(IReadOnlyList<string> archives) => archives.Count == 0 ? "no archive (unreferenced)" : string.Join(", ", archives);
}
