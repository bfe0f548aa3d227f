using System.CommandLine;
using RuBackup.Repository.Engine;
using RuBackup.Repository.Transfer;

namespace RuBackup.RepoTool;

internal static class ImportCommand
{
    public static Command Create()
    {
        var repo = CliSupport.RepoOption();
        var input = new Option<string>("--in") { Description = "File written by 'rb_repo export'", Required = true };
        var json = CliSupport.JsonOption();
        var command = new Command("import", "Bring the archives of an exported file into the repository; checked whole first, no key needed, repeatable") { repo, input, json };
        CliSupport.SetHandler(command, async (parse, ct) =>
        {
            var repository = await BackupRepository.OpenAsync(parse.GetRequiredValue(repo), ct);
            var report = await new ArchiveImporter(repository).ImportAsync(parse.GetRequiredValue(input), ct);
            if (parse.GetValue(json))
            {
                CliSupport.WriteJson(new
                {
                    file = report.Path,
                    repository = repository.Device.Description,
                    archives = report.Archives.Select(a => new
                    {
                        id = a.ArchiveId,
                        status = a.AlreadyInTarget ? "skipped" : "imported",
                        chunks_sent = a.ChunksSent,
                        bytes_sent = a.BytesSent,
                        chunks_present = a.ChunksPresent,
                    }),
                });
            }
            else
            {
                foreach (var a in report.Archives)
                {
                    Console.WriteLine(a.AlreadyInTarget
                        ? $"skipped {a.ArchiveId}: already in the repository, identical"
                        : $"imported {a.ArchiveId}: {a.ChunksSent} chunk(s) written ({CliSupport.HumanBytes(a.BytesSent)}), {a.ChunksPresent} already present");
                }
            }
            return 0;
        });
        return command;
    }
}
