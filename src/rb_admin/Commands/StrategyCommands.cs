using System.CommandLine;
using System.Globalization;
using RuBackup.Api;
using RuBackup.Client.Api;
using RuBackup.Client.Tools;

namespace RuBackup.Tools.Admin.Commands;

/// <summary>
/// strategies list|show|create|update|delete|pause|resume|run|rules. The template flags are the rule
/// flags (RuleOptions) without --resource and --resource-name: the strategy's VMs come from --pattern.
/// </summary>
internal static class StrategyCommands
{
    /// <summary>A placeholder resource: RuleOptions edits RuleSettings, which need one; strategies never send it.</summary>
    private const string NoResource = "-";

    public static Command Create(AdminContext admin)
    {
        var strategies = new Command("strategies", "Strategies: one set of rule settings applied to every VM whose name matches a pattern, also VMs that appear later");

        var list = new Command("list", "List the strategies");
        admin.Handle(list, async (parse, api, ct) =>
        {
            var all = await api.ListStrategiesAsync(ct).ConfigureAwait(false);
            if (admin.AsJson(parse))
            {
                ToolOutput.Json(admin.Tool, all);
                return 0;
            }
            ToolOutput.Table(admin.Tool, ["ID", "NAME", "STATUS", "CLIENT", "PATTERN", "POOL", "TYPE", "SCHEDULE", "KEEP", "RULES"], all.Select(s => (IReadOnlyList<string>)
            [
                s.Id.ToString(CultureInfo.InvariantCulture),
                s.Settings.Name,
                ToolOutput.Lower(s.Status),
                s.Settings.Client ?? "group " + s.Settings.ClientGroup,
                s.Settings.NamePattern,
                s.Settings.Pool,
                ToolOutput.Lower(s.Settings.BackupType),
                s.Settings.Schedule,
                string.Create(CultureInfo.InvariantCulture, $"{s.Settings.RetentionDays}d"),
                s.RuleIds.Count.ToString(CultureInfo.InvariantCulture),
            ]));
            return 0;
        });
        strategies.Subcommands.Add(list);

        var showId = new Argument<long>("ID");
        var show = new Command("show", "Show every setting of a strategy") { showId };
        admin.Handle(show, async (parse, api, ct) =>
        {
            var strategy = await api.GetStrategyAsync(parse.GetValue(showId), ct).ConfigureAwait(false);
            if (admin.AsJson(parse))
            {
                ToolOutput.Json(admin.Tool, strategy);
            }
            else
            {
                Show(admin.Tool, strategy);
            }
            return 0;
        });
        strategies.Subcommands.Add(show);

        var createOptions = new RuleOptions();
        var createPattern = Pattern();
        var create = new Command("create", "Create a strategy (enabled unless --disabled); its rules are made at once for the matching VMs") { createPattern };
        AddTemplate(createOptions, create, forAdd: true);
        admin.Handle(create, async (parse, api, ct) =>
        {
            var missing = new List<string>();
            foreach (var (option, name) in new[] { (createOptions.Name, "--name"), (createOptions.Client, "--client or --group"), (createPattern, "--pattern"), (createOptions.Pool, "--pool"), (createOptions.Schedule, "--schedule") })
            {
                if (parse.GetValue(option) is null && (option != createOptions.Client || parse.GetValue(createOptions.Group) is null))
                {
                    missing.Add(name);
                }
            }
            if (missing.Count > 0)
            {
                throw new UsageException($"strategies create needs {string.Join(", ", missing)}");
            }
            var seed = new RuleSettings
            {
                Name = parse.GetValue(createOptions.Name)!,
                Resource = NoResource,
                Pool = parse.GetValue(createOptions.Pool)!,
                Schedule = parse.GetValue(createOptions.Schedule)!,
                EnableAfterCreation = !parse.GetValue(createOptions.Disabled),
            };
            var settings = StrategySettings.FromRule(createOptions.Edit(parse, seed), parse.GetValue(createPattern)!);
            var strategy = await api.CreateStrategyAsync(settings, ct).ConfigureAwait(false);
            return UserCommands.Print(admin, parse, strategy,
                $"strategy {strategy.Id} '{strategy.Settings.Name}' created ({ToolOutput.Lower(strategy.Status)}), {strategy.RuleIds.Count} rule(s)");
        });
        strategies.Subcommands.Add(create);

        var updateId = new Argument<long>("ID");
        var updateOptions = new RuleOptions();
        var updatePattern = Pattern();
        var update = new Command("update", "Change a strategy: only the options given change; every rule it generated gets the new settings") { updateId, updatePattern };
        AddTemplate(updateOptions, update, forAdd: false);
        admin.Handle(update, async (parse, api, ct) =>
        {
            var id = parse.GetValue(updateId);
            var current = (await api.GetStrategyAsync(id, ct).ConfigureAwait(false)).Settings;
            var templateGiven = updateOptions.Template.Any(o => parse.GetResult(o) is not null);
            if (!templateGiven && parse.GetResult(updatePattern) is null)
            {
                throw new UsageException("strategies update: nothing to change (give the options to change, see rb_admin strategies update --help)");
            }
            var settings = templateGiven
                ? StrategySettings.FromRule(updateOptions.Edit(parse, current.ToRule(current.Name, NoResource, null)), current.NamePattern)
                : current;
            settings = settings with { NamePattern = parse.GetValue(updatePattern) ?? settings.NamePattern };
            var strategy = await api.UpdateStrategyAsync(id, settings, ct).ConfigureAwait(false);
            return UserCommands.Print(admin, parse, strategy, $"strategy {strategy.Id} '{strategy.Settings.Name}' changed, {strategy.RuleIds.Count} rule(s)");
        });
        strategies.Subcommands.Add(update);

        var deleteId = new Argument<long>("ID");
        var deleteRules = new Option<bool>("--delete-rules") { Description = "Delete the strategy's rules too (default: they stay, as hand-made rules); archives always stay" };
        var delete = new Command("delete", "Delete a strategy") { deleteId, deleteRules };
        admin.Handle(delete, async (parse, api, ct) =>
        {
            var id = parse.GetValue(deleteId);
            var withRules = parse.GetValue(deleteRules);
            await api.DeleteStrategyAsync(id, withRules, ct).ConfigureAwait(false);
            return UserCommands.Done(admin, parse, string.Create(CultureInfo.InvariantCulture,
                $"strategy {id} deleted; its rules {(withRules ? "deleted" : "kept as hand-made rules")}"));
        });
        strategies.Subcommands.Add(delete);

        strategies.Subcommands.Add(Simple(admin, "pause", "Pause a strategy and its rules (status wait)", (api, id, ct) => api.PauseStrategyAsync(id, ct)));
        strategies.Subcommands.Add(Simple(admin, "resume", "Resume a strategy and its rules (status run)", (api, id, ct) => api.ResumeStrategyAsync(id, ct)));

        var runId = new Argument<long>("ID");
        var run = new Command("run", "Run a strategy now: a backup task for each of its rules whose VM is still reported") { runId };
        admin.Handle(run, async (parse, api, ct) =>
        {
            var tasks = await api.RunStrategyAsync(parse.GetValue(runId), ct).ConfigureAwait(false);
            if (admin.AsJson(parse))
            {
                ToolOutput.Json(admin.Tool, tasks);
                return 0;
            }
            ToolOutput.Table(admin.Tool, ["TASK", "RULE", "RESOURCE", "TYPE"], tasks.Select(t => (IReadOnlyList<string>)
            [
                t.Id.ToString(CultureInfo.InvariantCulture),
                t.RuleId?.ToString(CultureInfo.InvariantCulture) ?? "-",
                t.ResourceName ?? t.Resource ?? "-",
                ToolOutput.Lower(t.BackupType),
            ]));
            return 0;
        });
        strategies.Subcommands.Add(run);

        var rulesId = new Argument<long>("ID");
        var rules = new Command("rules", "The rules a strategy generated") { rulesId };
        admin.Handle(rules, async (parse, api, ct) =>
        {
            var generated = await api.ListStrategyRulesAsync(parse.GetValue(rulesId), ct).ConfigureAwait(false);
            if (admin.AsJson(parse))
            {
                ToolOutput.Json(admin.Tool, generated);
                return 0;
            }
            ToolOutput.Table(admin.Tool, ["ID", "NAME", "STATUS", "RESOURCE", "LAST RUN", "NOTE"], generated.Select(r => (IReadOnlyList<string>)
            [
                r.Id.ToString(CultureInfo.InvariantCulture),
                r.Settings.Name,
                ToolOutput.Lower(r.Status),
                r.Settings.ResourceName is null ? r.Settings.Resource : $"{r.Settings.ResourceName} ({r.Settings.Resource})",
                ToolOutput.Time(r.LastRun),
                r.Note ?? "",
            ]));
            return 0;
        });
        strategies.Subcommands.Add(rules);
        return strategies;
    }

    private static Option<string?> Pattern() =>
        new("--pattern") { Description = "Glob over the VM names the client reports: * any characters, ? one; case-sensitive (\"web-*\")", HelpName = "GLOB" };

    private static void AddTemplate(RuleOptions options, Command command, bool forAdd)
    {
        foreach (var option in options.Template)
        {
            command.Options.Add(option);
        }
        if (forAdd)
        {
            command.Options.Add(options.Disabled);
        }
    }

    private static Command Simple(AdminContext admin, string verb, string description, Func<RuBackupApiClient, long, CancellationToken, Task<StrategyInfo>> call)
    {
        var id = new Argument<long>("ID");
        var command = new Command(verb, description) { id };
        admin.Handle(command, async (parse, api, ct) =>
        {
            var strategy = await call(api, parse.GetValue(id), ct).ConfigureAwait(false);
            return UserCommands.Print(admin, parse, strategy, $"strategy {strategy.Id} '{strategy.Settings.Name}' and its {strategy.RuleIds.Count} rule(s): {ToolOutput.Lower(strategy.Status)}");
        });
        return command;
    }

    private static void Show(ToolContext tool, StrategyInfo strategy)
    {
        var s = strategy.Settings;
        ToolOutput.Fields(tool,
        [
            ("id", strategy.Id.ToString(CultureInfo.InvariantCulture)),
            ("name", s.Name),
            ("status", ToolOutput.Lower(strategy.Status)),
            ("client", s.Client),
            ("group", s.ClientGroup),
            ("resource type", s.ResourceType),
            ("name pattern", s.NamePattern),
            .. RuleCommands.Settings(s.ToRule(s.Name, s.NamePattern, null)),
            ("rules", strategy.RuleIds.Count == 0 ? "none" : string.Join(", ", strategy.RuleIds)),
            ("created", ToolOutput.Time(strategy.Created)),
        ]);
    }
}
