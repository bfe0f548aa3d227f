using System.CommandLine;
using RuBackup.Repository.Engine;

namespace RuBackup.RepoTool;

internal static class GcCommand
{
    public static Command Create()
    {
        var repo = CliSupport.RepoOption();
        var grace = new Option<int?>("--grace-seconds") { Description = $"Keep unreferenced chunks touched this recently (default {GarbageCollector.DefaultGrace.TotalSeconds:0})" };
        var json = CliSupport.JsonOption();
        var command = new Command("gc", "Remove chunks no archive references and leftovers of interrupted backups (safe while backups run)") { repo, grace, json };
        CliSupport.SetHandler(command, async (parse, ct) =>
        {
            var repository = await BackupRepository.OpenAsync(parse.GetRequiredValue(repo), ct);
            var seconds = parse.GetValue(grace);
            var report = await new GarbageCollector(repository).CollectAsync(seconds is null ? null : TimeSpan.FromSeconds(seconds.Value), ct);
            if (parse.GetValue(json))
            {
                CliSupport.WriteJson(report);
            }
            else
            {
                Console.WriteLine($"gc: {report.ChunksRemoved} chunk(s) removed ({CliSupport.HumanBytes(report.BytesRemoved)}), {report.LeftoversRemoved} leftover file(s) removed ({CliSupport.HumanBytes(report.LeftoverBytesRemoved)}), {report.ChunksKept} referenced chunk(s) kept");
            }
            return 0;
        });
        return command;
    }
}
