using System.CommandLine;
using RuBackup.Repository.Engine;

namespace RuBackup.RepoTool;

internal static class StatsCommand
{
    public static Command Create()
    {
        var repo = CliSupport.RepoOption();
        var json = CliSupport.JsonOption();
        var command = new Command("stats", "Show what the repository holds and how well it deduplicates") { repo, json };
        CliSupport.SetHandler(command, async (parse, ct) =>
        {
            var repository = await BackupRepository.OpenAsync(parse.GetRequiredValue(repo), ct);
            var stats = await RepositoryStatistics.ComputeAsync(repository, ct);
            if (parse.GetValue(json))
            {
                CliSupport.WriteJson(new
                {
                    repository = stats.Config.Id,
                    dedup = stats.Config.Dedup,
                    chunk_size = stats.Config.ChunkSize,
                    stats.Archives,
                    stats.Resources,
                    stats.LogicalBytes,
                    stats.StoredChunks,
                    stats.StoredBytes,
                    deduplication_ratio = Math.Round(stats.DeduplicationRatio, 3),
                });
            }
            else
            {
                Console.WriteLine($"repository {stats.Config.Id} ({(stats.Config.Dedup ? "deduplicating" : "plain")}, {CliSupport.HumanBytes(stats.Config.ChunkSize)} chunks)");
                Console.WriteLine($"archives:  {stats.Archives} of {stats.Resources} resource(s)");
                Console.WriteLine($"logical:   {CliSupport.HumanBytes(stats.LogicalBytes)}");
                Console.WriteLine($"stored:    {CliSupport.HumanBytes(stats.StoredBytes)} in {stats.StoredChunks} chunk(s)");
                Console.WriteLine($"ratio:     {stats.DeduplicationRatio:0.00}x");
            }
            return 0;
        });
        return command;
    }
}
