using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RuBackup.Api;
using RuBackup.Client.Api;
using RuBackup.Client.Tools;
using Spectre.Console;

namespace RuBackup.Tools.Tasks;

/// <summary>
/// rb_tasks, on a client: this client's tasks.
/// <code>
/// rb_tasks [--state S] [--json]                          list (newest first)
/// rb_tasks [--state S] -f [--interval SEC] [--json]      follow until interrupted
/// rb_tasks --log ID [--json]                             one task's log
/// </code>
/// </summary>
public static class TasksTool
{
    public const string Name = "rb_tasks";

    public static readonly string[] States = Enum.GetNames<TaskState>().Select(s => s.ToLowerInvariant()).ToArray();

    public static Task<int> RunAsync(string[] args, ToolContext context, CancellationToken cancellationToken) =>
        ToolRunner.InvokeAsync(Build(context), Name, args, context, cancellationToken);

    public static RootCommand Build(ToolContext context)
    {
        var state = new Option<string?>("--state", "-s") { Description = "Only tasks in this state", HelpName = "STATE" };
        state.AcceptOnlyFromAmong(States);
        var follow = new Option<bool>("--follow", "-f") { Description = "Redraw the list until interrupted (a line per change when not on a terminal)" };
        var interval = new Option<int>("--interval") { Description = "Seconds between redraws with -f", DefaultValueFactory = _ => 2, HelpName = "SEC" };
        var log = new Option<long?>("--log") { Description = "Show one task's log", HelpName = "ID" };
        var json = new Option<bool>("--json") { Description = "Machine-readable output (with -f: one JSON object per changed task and line)" };
        var config = new Option<string?>("--config", "-c") { Description = "Client configuration (default: $RUBACKUP_ROOT/etc/rubackup-client.conf)", HelpName = "FILE" };
        var root = new RootCommand("rb_tasks: this client's tasks: list, follow, show a task's log")
        {
            state, follow, interval, log, json, config,
        };
        ToolRunner.SetAction(root, Name, context, async (parse, cancellationToken) =>
        {
            var request = Request.From(parse.GetValue(state), parse.GetValue(follow), parse.GetValue(interval), parse.GetValue(log));
            using var session = ClientToolSession.Open(context, parse.GetValue(config));
            var asJson = parse.GetValue(json);
            if (request.Log is { } id)
            {
                PrintLog(context, await session.Api.GetOwnTaskLogAsync(id, cancellationToken).ConfigureAwait(false), asJson);
                return 0;
            }
            if (!request.Follow)
            {
                var tasks = await session.Api.ListOwnTasksAsync(request.State, cancellationToken).ConfigureAwait(false);
                if (asJson)
                {
                    ToolOutput.Json(context, tasks);
                }
                else
                {
                    ToolOutput.Table(context, TaskTable.Headers, tasks.Select(TaskTable.Row));
                }
                return 0;
            }
            try
            {
                await FollowAsync(context, session.Api, request, asJson, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Interrupting -f is how it ends.
            }
            return 0;
        });
        return root;
    }

    public static void PrintLog(ToolContext context, IReadOnlyList<TaskLogLine> lines, bool json)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(lines);
        if (json)
        {
            ToolOutput.Json(context, lines);
            return;
        }
        foreach (var line in lines)
        {
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ToolOutput.Time(line.Time)} {line.Level,-7} {line.Message}"));
        }
    }

    private static async Task FollowAsync(ToolContext context, RuBackupApiClient api, Request request, bool json, CancellationToken cancellationToken)
    {
        if (context.OutputIsTerminal && !json)
        {
            var console = context.CreateConsole(context.Out, terminal: true);
            var first = await api.ListOwnTasksAsync(request.State, cancellationToken).ConfigureAwait(false);
            await console.Live(TaskTable.Render(first)).StartAsync(async live =>
            {
                while (true)
                {
                    await Task.Delay(request.Interval, cancellationToken).ConfigureAwait(false);
                    var tasks = await api.ListOwnTasksAsync(request.State, cancellationToken).ConfigureAwait(false);
                    live.UpdateTarget(TaskTable.Render(tasks));
                }
            }).ConfigureAwait(false);
            return;
        }
        // Not a terminal: a line for each task that is new or changed since the last round.
        var seen = new Dictionary<long, string>();
        while (true)
        {
            var tasks = await api.ListOwnTasksAsync(request.State, cancellationToken).ConfigureAwait(false);
            foreach (var task in tasks.Reverse())
            {
                var line = TaskTable.Line(task);
                if (seen.TryGetValue(task.Id, out var previous) && previous == line)
                {
                    continue;
                }
                seen[task.Id] = line;
                await context.Out.WriteLineAsync(json ? JsonSerializer.Serialize(task, ApiJson.Options) : line).ConfigureAwait(false);
            }
            await context.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            await Task.Delay(request.Interval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>What the command line asks for.</summary>
    public sealed record Request(TaskState? State, bool Follow, TimeSpan Interval, long? Log)
    {
        public static Request From(string? state, bool follow, int intervalSeconds, long? log)
        {
            if (log is not null && (follow || state is not null))
            {
                throw new UsageException("--log ID shows one task's log; it takes neither -f nor --state");
            }
            if (intervalSeconds is < 1 or > 3600)
            {
                throw new UsageException($"--interval {intervalSeconds}: give 1 to 3600 seconds");
            }
            TaskState? parsed = state is null ? null : Enum.Parse<TaskState>(state, ignoreCase: true);
            return new Request(parsed, follow, TimeSpan.FromSeconds(intervalSeconds), log);
        }
    }
}
