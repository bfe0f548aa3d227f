using System.CommandLine;
using RuBackup.Repository.Engine;

namespace RuBackup.RepoTool;

internal static class PruneCommand
{
    public static Command Create()
    {
        var repo = CliSupport.RepoOption();
        var resource = new Option<string?>("--resource") { Description = "Only this resource's archives" };
        var last = new Option<int>("--keep-last") { Description = "Keep the newest N" };
        var hourly = new Option<int>("--keep-hourly") { Description = "Keep the newest of each of the last N hours" };
        var daily = new Option<int>("--keep-daily") { Description = "Keep the newest of each of the last N days" };
        var weekly = new Option<int>("--keep-weekly") { Description = "Keep the newest of each of the last N ISO weeks" };
        var monthly = new Option<int>("--keep-monthly") { Description = "Keep the newest of each of the last N months" };
        var yearly = new Option<int>("--keep-yearly") { Description = "Keep the newest of each of the last N years" };
        var within = new Option<string?>("--keep-within") { Description = "Keep everything newer than this (12h, 30d, 2w, 6m, 1y)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only say what would be removed" };
        var json = CliSupport.JsonOption();
        var command = new Command("prune", "Remove archives the retention rules do not keep (never a base a kept archive needs); run gc afterwards to free space")
        {
            repo, resource, last, hourly, daily, weekly, monthly, yearly, within, dryRun, json,
        };
        CliSupport.SetHandler(command, async (parse, ct) =>
        {
            var repository = await BackupRepository.OpenAsync(parse.GetRequiredValue(repo), ct);
            var policy = new PrunePolicy
            {
                KeepLast = parse.GetValue(last),
                KeepHourly = parse.GetValue(hourly),
                KeepDaily = parse.GetValue(daily),
                KeepWeekly = parse.GetValue(weekly),
                KeepMonthly = parse.GetValue(monthly),
                KeepYearly = parse.GetValue(yearly),
                KeepWithin = parse.GetValue(within) is { } w ? CliSupport.ParseDuration(w, "--keep-within") : null,
            };
            var planner = new PrunePlanner(repository);
            var decisions = await planner.PlanAsync(policy, parse.GetValue(resource), ct);
            var isDryRun = parse.GetValue(dryRun);
            var removed = isDryRun ? 0 : await planner.ApplyAsync(decisions, ct);
            if (parse.GetValue(json))
            {
                CliSupport.WriteJson(new
                {
                    dry_run = isDryRun,
                    removed,
                    decisions = decisions.Select(d => new { archive = d.Archive.Id, d.Archive.Resource, d.Archive.Created, d.Keep, d.Reasons }),
                });
                return 0;
            }
            foreach (var d in decisions)
            {
                Console.WriteLine($"{(d.Keep ? "keep  " : isDryRun ? "would remove" : "remove")} {d.Archive.Id} {d.Archive.Resource} {d.Archive.Type.ToString().ToLowerInvariant()} {d.Archive.Created.UtcDateTime:yyyy-MM-dd HH:mm}{(d.Keep ? "  (" + string.Join("; ", d.Reasons) + ")" : "")}");
            }
            var count = decisions.Count(d => !d.Keep);
            Console.WriteLine(isDryRun ? $"dry run: {count} archive(s) would be removed" : $"{removed} archive(s) removed; run 'rb_repo gc' to free their chunks");
            return 0;
        });
        return command;
    }
}
