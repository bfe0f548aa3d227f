using System.CommandLine;
using System.Globalization;
using RuBackup.Api;
using RuBackup.Client.Tools;

namespace RuBackup.Tools.Admin.Commands;

/// <summary>rules list|show|add|edit|pause|resume|run|delete.</summary>
internal static class RuleCommands
{
    public static Command Create(AdminContext admin)
    {
        var rules = new Command("rules", "Rules of the global schedule: what to back up, where, when, how long to keep");

        var list = new Command("list", "List the rules");
        admin.Handle(list, async (parse, api, ct) =>
        {
            var all = await api.ListRulesAsync(ct).ConfigureAwait(false);
            if (admin.AsJson(parse))
            {
                ToolOutput.Json(admin.Tool, all);
                return 0;
            }
            ToolOutput.Table(admin.Tool, ["ID", "NAME", "STATUS", "CLIENT", "RESOURCE", "POOL", "TYPE", "SCHEDULE", "KEEP", "LAST RUN"], all.Select(r => (IReadOnlyList<string>)
            [
                r.Id.ToString(CultureInfo.InvariantCulture),
                r.Settings.Name,
                ToolOutput.Lower(r.Status),
                r.Settings.Client ?? "group " + r.Settings.ClientGroup,
                r.Settings.ResourceName is null ? r.Settings.Resource : $"{r.Settings.ResourceName} ({r.Settings.Resource})",
                r.Settings.Pool,
                ToolOutput.Lower(r.Settings.BackupType),
                r.Settings.Schedule,
                string.Create(CultureInfo.InvariantCulture, $"{r.Settings.RetentionDays}d"),
                ToolOutput.Time(r.LastRun),
            ]));
            return 0;
        });
        rules.Subcommands.Add(list);

        var showId = new Argument<long>("ID");
        var show = new Command("show", "Show every setting of a rule") { showId };
        admin.Handle(show, async (parse, api, ct) =>
        {
            var rule = await api.GetRuleAsync(parse.GetValue(showId), ct).ConfigureAwait(false);
            if (admin.AsJson(parse))
            {
                ToolOutput.Json(admin.Tool, rule);
            }
            else
            {
                Show(admin.Tool, rule);
            }
            return 0;
        });
        rules.Subcommands.Add(show);

        var addOptions = new RuleOptions();
        var add = new Command("add", "Create a rule (enabled unless --disabled)");
        addOptions.AddTo(add, forAdd: true);
        admin.Handle(add, async (parse, api, ct) =>
        {
            var rule = await api.CreateRuleAsync(addOptions.Create(parse), ct).ConfigureAwait(false);
            return UserCommands.Print(admin, parse, rule, $"rule {rule.Id} '{rule.Settings.Name}' created ({ToolOutput.Lower(rule.Status)})");
        });
        rules.Subcommands.Add(add);

        var editId = new Argument<long>("ID");
        var editOptions = new RuleOptions();
        var edit = new Command("edit", "Change a rule: only the options given change") { editId };
        editOptions.AddTo(edit, forAdd: false);
        admin.Handle(edit, async (parse, api, ct) =>
        {
            var id = parse.GetValue(editId);
            var current = await api.GetRuleAsync(id, ct).ConfigureAwait(false);
            var rule = await api.UpdateRuleAsync(id, editOptions.Edit(parse, current.Settings), ct).ConfigureAwait(false);
            return UserCommands.Print(admin, parse, rule, $"rule {rule.Id} '{rule.Settings.Name}' changed");
        });
        rules.Subcommands.Add(edit);

        rules.Subcommands.Add(Simple(admin, "pause", "Pause a rule (status wait: no scheduled tasks; run now still works)", (api, id, ct) => api.PauseRuleAsync(id, ct)));
        rules.Subcommands.Add(Simple(admin, "resume", "Resume a paused rule (status run)", (api, id, ct) => api.ResumeRuleAsync(id, ct)));

        var runId = new Argument<long>("ID");
        var runType = new Option<string?>("--type") { Description = "full, incremental or differential (default: the rule's)", HelpName = "TYPE" };
        runType.AcceptOnlyFromAmong("full", "incremental", "differential");
        var runWait = new Option<bool>("--wait") { Description = "Wait for the backup to end, showing progress; exit 1 if it fails" };
        var run = new Command("run", "Run a rule now: a backup task") { runId, runType, runWait };
        admin.Handle(run, async (parse, api, ct) =>
        {
            var type = parse.GetValue(runType) is { } text ? RuleOptions.BackupType(text, "--type") : (BackupKind?)null;
            var task = await api.RunRuleAsync(parse.GetValue(runId), type, ct).ConfigureAwait(false);
            return await admin.TaskCreatedAsync(parse, api, task, parse.GetValue(runWait), $"{ToolOutput.Lower(task.BackupType)} backup of {task.ResourceName ?? task.Resource}", ct).ConfigureAwait(false);
        });
        rules.Subcommands.Add(run);

        var deleteId = new Argument<long>("ID");
        var delete = new Command("delete", "Delete a rule (its archives stay)") { deleteId };
        admin.Handle(delete, async (parse, api, ct) =>
        {
            var id = parse.GetValue(deleteId);
            await api.DeleteRuleAsync(id, ct).ConfigureAwait(false);
            return UserCommands.Done(admin, parse, string.Create(CultureInfo.InvariantCulture, $"rule {id} deleted"));
        });
        rules.Subcommands.Add(delete);
        return rules;
    }

    private static Command Simple(AdminContext admin, string verb, string description, Func<RuBackup.Client.Api.RuBackupApiClient, long, CancellationToken, Task<RuleInfo>> call)
    {
        var id = new Argument<long>("ID");
        var command = new Command(verb, description) { id };
        admin.Handle(command, async (parse, api, ct) =>
        {
            var rule = await call(api, parse.GetValue(id), ct).ConfigureAwait(false);
            return UserCommands.Print(admin, parse, rule, $"rule {rule.Id} '{rule.Settings.Name}': {ToolOutput.Lower(rule.Status)}");
        });
        return command;
    }

    private static void Show(ToolContext tool, RuleInfo rule)
    {
        var s = rule.Settings;
        ToolOutput.Fields(tool,
        [
            ("id", rule.Id.ToString(CultureInfo.InvariantCulture)),
            ("name", s.Name),
            ("status", ToolOutput.Lower(rule.Status)),
            ("client", s.Client),
            ("group", s.ClientGroup),
            ("resource type", s.ResourceType),
            ("resource", s.ResourceName is null ? s.Resource : $"{s.ResourceName} ({s.Resource})"),
            .. Settings(s),
            ("created", ToolOutput.Time(rule.Created)),
            ("last run", ToolOutput.Time(rule.LastRun)),
        ]);
    }

    /// <summary>The settings a rule shares with a strategy's template, as `show` prints them.</summary>
    internal static IEnumerable<(string Name, string? Value)> Settings(RuleSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        static string? Days(int? days) => days is { } d ? string.Create(CultureInfo.InvariantCulture, $"{d} days") : null;
        return
        [
            ("pool", s.Pool),
            ("max volume", s.MaxVolumeGb is { } gb ? string.Create(CultureInfo.InvariantCulture, $"{gb} GB") : null),
            ("backup type", ToolOutput.Lower(s.BackupType)),
            ("schedule", s.Schedule),
            ("retention", Days(s.RetentionDays)),
            ("verify every", Days(s.VerifyEveryDays)),
            ("lifetime until", s.LifetimeUntil is null ? null : ToolOutput.Time(s.LifetimeUntil)),
            ("encryption", s.Encryption),
            ("script before snapshot", s.ScriptBeforeSnapshot),
            ("script after snapshot", s.ScriptAfterSnapshot),
            ("script after backup", s.ScriptAfterBackup),
            ("on expiry", ToolOutput.Lower(s.OnExpiry)),
            ("move to pool", s.MoveToPool is null ? null : $"{s.MoveToPool} after {Days(s.MoveAfterDays)}"),
            ("client may delete", s.ClientMayDelete ? "yes" : "no"),
            ("notify", s.Notify.Count == 0 ? null : string.Join(", ", s.Notify)),
            ("notify on", s.NotifyOn.Count == 0 ? null : string.Join(", ", s.NotifyOn.Select(e => e.ToString().ToLowerInvariant()))),
        ];
    }
}
