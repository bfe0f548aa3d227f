using System.CommandLine;
using RuBackup.Repository.Engine;
using RuBackup.Repository.Format;
using RuBackup.Repository.Storage;

namespace RuBackup.RepoTool;

internal static class InitCommand
{
    public static Command Create()
    {
        var repo = CliSupport.RepoOption();
        var dedup = new Option<bool>("--dedup") { Description = "One chunk store shared by all archives of a source type (default: a self-contained pack per archive)" };
        var chunkSize = new Option<string?>("--chunk-size") { Description = $"Chunk size, a power of two from 16K to 16M (default {RepositoryConfig.DefaultChunkSize >> 10}K)" };
        var key = CliSupport.KeyOption();
        key.Description = "Require encryption: every backup must give a master key (this key is checked, not stored)";
        var json = CliSupport.JsonOption();
        var command = new Command("init", "Create an empty repository") { repo, dedup, chunkSize, key, json };
        CliSupport.SetHandler(command, async (parse, ct) =>
        {
            var size = parse.GetValue(chunkSize) is { } text ? CliSupport.ParseSize(text, "--chunk-size") : RepositoryConfig.DefaultChunkSize;
            if (size > int.MaxValue)
            {
                throw new Repository.RepositoryException($"--chunk-size: {size} is too large");
            }
            var keyFile = parse.GetValue(key);
            if (keyFile is not null)
            {
                CliSupport.LoadKey(keyFile);
            }
            var repository = await BackupRepository.InitAsync(new LocalFolderDevice(parse.GetRequiredValue(repo)), parse.GetValue(dedup), (int)size, keyFile is not null, null, ct);
            if (parse.GetValue(json))
            {
                CliSupport.WriteJson(repository.Config);
            }
            else
            {
                var config = repository.Config;
                Console.WriteLine($"repository {config.Id} created at {repository.Device.Description}: {(config.Dedup ? "deduplicating" : "plain")} pool, {CliSupport.HumanBytes(config.ChunkSize)} chunks{(config.EncryptionRequired ? ", encryption required" : "")}");
            }
            return 0;
        });
        return command;
    }
}
