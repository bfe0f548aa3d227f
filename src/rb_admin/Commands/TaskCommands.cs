using System.CommandLine;
using System.Globalization;
using RuBackup.Api;
using RuBackup.Client.Tools;

namespace RuBackup.Tools.Admin.Commands;

/// <summary>tasks list|show|log|cancel|wait.</summary>
internal static class TaskCommands
{
    private static readonly string[] States = Enum.GetNames<TaskState>().Select(s => s.ToLowerInvariant()).ToArray();

    public static Command Create(AdminContext admin)
    {
        var tasks = new Command("tasks", "The task queue: backups, restores, verifications, deletions");

        var state = new Option<string?>("--state") { Description = "Only tasks in this state", HelpName = "STATE" };
        state.AcceptOnlyFromAmong(States);
        var client = new Option<string?>("--client") { Description = "Only this client's tasks (id or name)", HelpName = "CLIENT" };
        var limit = new Option<int?>("--limit") { Description = "At most N tasks (newest first)", HelpName = "N" };
        var list = new Command("list", "List tasks, newest first") { state, client, limit };
        admin.Handle(list, async (parse, api, ct) =>
        {
            var wanted = parse.GetValue(state) is { } s ? Enum.Parse<TaskState>(s, ignoreCase: true) : (TaskState?)null;
            long? clientId = parse.GetValue(client) is { } c ? await AdminContext.ResolveClientAsync(api, c, ct).ConfigureAwait(false) : null;
            var all = await api.ListTasksAsync(wanted, clientId, parse.GetValue(limit), ct).ConfigureAwait(false);
            if (admin.AsJson(parse))
            {
                ToolOutput.Json(admin.Tool, all);
                return 0;
            }
            ToolOutput.Table(admin.Tool, ["ID", "KIND", "STATE", "CLIENT", "RESOURCE", "PROGRESS", "CREATED", "FINISHED", "ERROR"], all.Select(t => (IReadOnlyList<string>)
            [
                t.Id.ToString(CultureInfo.InvariantCulture),
                Kind(t),
                ToolOutput.Lower(t.State),
                t.ClientName ?? (t.ClientGroup is null ? "-" : "group " + t.ClientGroup),
                t.ResourceName ?? t.Resource ?? t.ArchiveId ?? "-",
                ToolOutput.Percent(t.BytesDone, t.BytesTotal),
                ToolOutput.Time(t.Created),
                ToolOutput.Time(t.Finished),
                t.Error ?? "",
            ]));
            return 0;
        });
        tasks.Subcommands.Add(list);

        var showId = new Argument<long>("ID");
        var show = new Command("show", "Show one task") { showId };
        admin.Handle(show, async (parse, api, ct) =>
        {
            var t = await api.GetTaskAsync(parse.GetValue(showId), ct).ConfigureAwait(false);
            if (admin.AsJson(parse))
            {
                ToolOutput.Json(admin.Tool, t);
                return 0;
            }
            ToolOutput.Fields(admin.Tool,
            [
                ("id", t.Id.ToString(CultureInfo.InvariantCulture)), ("kind", Kind(t)), ("state", ToolOutput.Lower(t.State)),
                ("rule", t.RuleId?.ToString(CultureInfo.InvariantCulture)), ("client", t.ClientName), ("group", t.ClientGroup), ("pool", t.Pool),
                ("resource", t.ResourceName is null ? t.Resource : $"{t.ResourceName} ({t.Resource})"), ("archive", t.ArchiveId),
                ("restore target", t.RestoreTarget),
                ("progress", t.BytesTotal > 0 ? $"{ToolOutput.Percent(t.BytesDone, t.BytesTotal)} ({ToolOutput.Bytes(t.BytesDone)} of {ToolOutput.Bytes(t.BytesTotal)})" : null),
                ("attempt", t.Attempt.ToString(CultureInfo.InvariantCulture)), ("created by", t.CreatedBy), ("created", ToolOutput.Time(t.Created)),
                ("started", ToolOutput.Time(t.Started)), ("finished", ToolOutput.Time(t.Finished)), ("error", t.Error),
            ]);
            return 0;
        });
        tasks.Subcommands.Add(show);

        var logId = new Argument<long>("ID");
        var log = new Command("log", "Show a task's log") { logId };
        admin.Handle(log, async (parse, api, ct) =>
        {
            var lines = await api.GetTaskLogAsync(parse.GetValue(logId), null, ct).ConfigureAwait(false);
            if (admin.AsJson(parse))
            {
                ToolOutput.Json(admin.Tool, lines);
                return 0;
            }
            foreach (var line in lines)
            {
                admin.Tool.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ToolOutput.Time(line.Time)} {line.Level,-7} {line.Message}"));
            }
            return 0;
        });
        tasks.Subcommands.Add(log);

        var cancelId = new Argument<long>("ID");
        var cancel = new Command("cancel", "Cancel a task (a running module is stopped and cleans up)") { cancelId };
        admin.Handle(cancel, async (parse, api, ct) =>
        {
            var t = await api.CancelTaskAsync(parse.GetValue(cancelId), ct).ConfigureAwait(false);
            return UserCommands.Print(admin, parse, t, $"task {t.Id}: {ToolOutput.Lower(t.State)}");
        });
        tasks.Subcommands.Add(cancel);

        var waitId = new Argument<long>("ID");
        var wait = new Command("wait", "Wait for a task to end, showing progress; exit 0 done, 1 error or cancelled") { waitId };
        admin.Handle(wait, async (parse, api, ct) =>
        {
            var t = await api.GetTaskAsync(parse.GetValue(waitId), ct).ConfigureAwait(false);
            var final = await TaskWatcher.WaitAsync(admin.Tool, t, (id, c) => api.GetTaskAsync(id, c), admin.AsJson(parse), ct).ConfigureAwait(false);
            return TaskWatcher.Report(admin.Tool, final, admin.AsJson(parse));
        });
        tasks.Subcommands.Add(wait);
        return tasks;
    }

    private static string Kind(TaskInfo t) =>
        t.Kind == TaskKind.Backup && t.BackupType is { } type ? $"backup {ToolOutput.Lower(type)}"
        : t.Kind == TaskKind.Restore && t.RestoreMode is { } mode ? $"restore {ToolOutput.Lower(mode)}"
        : ToolOutput.Lower(t.Kind);
}
