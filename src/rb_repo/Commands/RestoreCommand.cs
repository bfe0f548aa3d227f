using System.CommandLine;
using RuBackup.Repository.Engine;

namespace RuBackup.RepoTool;

internal static class RestoreCommand
{
    public static Command Create()
    {
        var repo = CliSupport.RepoOption();
        var archive = new Option<string>("--archive") { Description = "Archive id (its chain is resolved automatically)", Required = true };
        var target = new Option<string>("--target") { Description = "Folder for NAME.raw per disk (sparse) and metadata.json", Required = true };
        var key = CliSupport.KeyOption();
        var json = CliSupport.JsonOption();
        var command = new Command("restore", "Restore an archive's disks into a folder") { repo, archive, target, key, json };
        CliSupport.SetHandler(command, async (parse, ct) =>
        {
            var repository = await BackupRepository.OpenAsync(parse.GetRequiredValue(repo), ct);
            var folder = parse.GetRequiredValue(target);
            var asJson = parse.GetValue(json);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var manifest = await CliSupport.WithProgressAsync("restore", asJson, progress =>
                new RestoreReader(repository).RestoreToFolderAsync(parse.GetRequiredValue(archive), folder, CliSupport.LoadKey(parse.GetValue(key)), progress, 0, ct));
            if (manifest.Metadata.Length > 0)
            {
                await File.WriteAllBytesAsync(Path.Combine(folder, "metadata.json"), manifest.Metadata, ct);
            }
            if (asJson)
            {
                CliSupport.WriteJson(new { archive = manifest.Id, disks = manifest.Disks.Select(d => new { d.Name, d.Size, path = Path.Combine(folder, d.Name + ".raw") }) });
            }
            else
            {
                Console.WriteLine($"restored {manifest.Id} ({manifest.Disks.Count} disk(s), {CliSupport.HumanBytes(manifest.TotalSize)}) into {folder} in {clock.Elapsed.TotalSeconds:0.00}s");
            }
            return 0;
        });
        return command;
    }
}
