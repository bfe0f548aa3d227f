using System.CommandLine;
using RuBackup.Repository.Engine;
using RuBackup.Repository.Transfer;

namespace RuBackup.RepoTool;

internal static class ExportCommand
{
    public static Command Create()
    {
        var repo = CliSupport.RepoOption();
        var archive = new Option<string>("--archive") { Description = "Archive id to export", Required = true };
        var output = new Option<string>("--out") { Description = "File to write (must not exist); whole or absent, even after a failure", Required = true };
        var chain = new Option<bool>("--chain") { Description = "Carry every base the archive needs too, full first, so the file restores on its own" };
        var json = CliSupport.JsonOption();
        var command = new Command("export", "Write an archive (and with --chain its bases) into one self-contained file, for tape or another site; no key needed") { repo, archive, output, chain, json };
        CliSupport.SetHandler(command, async (parse, ct) =>
        {
            var repository = await BackupRepository.OpenAsync(parse.GetRequiredValue(repo), ct);
            var report = await new ArchiveExporter(repository).ExportAsync(parse.GetRequiredValue(archive), parse.GetValue(chain), parse.GetRequiredValue(output), ct);
            if (parse.GetValue(json))
            {
                CliSupport.WriteJson(new { file = report.Path, archives = report.Archives, chunks = report.Chunks, bytes = report.Bytes, missing_base = report.MissingBase });
            }
            else
            {
                Console.WriteLine($"exported {report.Archives.Count} archive(s) ({string.Join(", ", report.Archives)}), {report.Chunks} chunk(s), {CliSupport.HumanBytes(report.Bytes)} to {report.Path}");
                if (report.MissingBase is not null)
                {
                    Console.WriteLine($"note: base {report.MissingBase} is not in the file; importing needs it in the target repository (or export with --chain)");
                }
            }
            return 0;
        });
        return command;
    }
}
