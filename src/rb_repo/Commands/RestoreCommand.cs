using System.CommandLine;
using RuBackup.Repository;
using RuBackup.Repository.Engine;
using RuBackup.Repository.Signing;

namespace RuBackup.RepoTool;

internal static class RestoreCommand
{
    public static Command Create()
    {
        var repo = CliSupport.RepoOption();
        var archive = new Option<string>("--archive") { Description = "Archive id (its chain is resolved automatically)", Required = true };
        var target = new Option<string>("--target") { Description = "Folder for NAME.raw per disk (sparse) and metadata.json", Required = true };
        var key = CliSupport.KeyOption();
        var signers = SignerSupport.SignersOption("an archive signed by a key not on the list is refused before anything is written");
        var json = CliSupport.JsonOption();
        var command = new Command("restore", "Restore an archive's disks into a folder") { repo, archive, target, key, signers, json };
        CliSupport.SetHandler(command, async (parse, ct) =>
        {
            var trusted = SignerSupport.LoadSigners(parse.GetValue(signers));
            var repository = await BackupRepository.OpenAsync(parse.GetRequiredValue(repo), ct);
            var folder = parse.GetRequiredValue(target);
            var asJson = parse.GetValue(json);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var masterKey = CliSupport.LoadKey(parse.GetValue(key));
            var chain = await repository.Catalog.ChainAsync(parse.GetRequiredValue(archive), masterKey, ct);
            // The chain is judged as read, before the folder gets a file, and exactly that chain is restored.
            var checks = trusted is null ? [] : chain.Select(m => TrustedSigners.Judge(m, trusted)).ToList();
            if (checks.FirstOrDefault(c => !c.Acceptable) is { } refused)
            {
                throw new RepositoryException($"{refused.Describe()}; restore refused");
            }
            foreach (var check in checks)
            {
                await Console.Error.WriteLineAsync(SignerSupport.Line(check));
            }
            var manifest = await CliSupport.WithProgressAsync("restore", asJson, progress =>
                new RestoreReader(repository).RestoreToFolderAsync(chain, folder, masterKey, progress, 0, ct));
            if (manifest.Metadata.Length > 0)
            {
                await File.WriteAllBytesAsync(Path.Combine(folder, "metadata.json"), manifest.Metadata, ct);
            }
            if (asJson)
            {
                CliSupport.WriteJson(new
                {
                    archive = manifest.Id,
                    disks = manifest.Disks.Select(d => new { d.Name, d.Size, path = Path.Combine(folder, d.Name + ".raw") }),
                    signatures = trusted is null ? null : checks.Select(SignerSupport.Json),
                });
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
