using System.Collections.Concurrent;
using System.Globalization;
using RuBackup.Api;

namespace RuBackup.Client.Tests;

/// <summary>The client's task routes: a queue of assignments, and everything the client reports.</summary>
public sealed partial class FakeServer
{
    private readonly ConcurrentDictionary<long, int> _progressCalls = new();
    private readonly ConcurrentDictionary<long, int> _heartbeatCalls = new();

    /// <summary>Heartbeats taken, by task.</summary>
    public ConcurrentQueue<long> Heartbeats { get; } = new();

    /// <summary>Given the task and the how-many-th heartbeat (1-based), a status to refuse it with (409: the lease was lost), or null to take it.</summary>
    public Func<long, int, int?>? HeartbeatRefusal { get; set; }

    public ConcurrentQueue<TaskAssignment> Pending { get; } = new();

    public ConcurrentQueue<long> Started { get; } = new();

    public ConcurrentQueue<(long Task, ProgressReport Report)> Progress { get; } = new();

    public ConcurrentQueue<(long Task, TaskLogLine Line)> Logs { get; } = new();

    public ConcurrentQueue<(long Task, FinishReport Report)> Finished { get; } = new();

    public ConcurrentQueue<ResourceReport> Resources { get; } = new();

    /// <summary>Given the task and the how-many-th progress call (1-based), a status to refuse it with, or null to take it.</summary>
    public Func<long, int, int?>? ProgressRefusal { get; set; }

    public TaskAssignment Enqueue(TaskInfo task, RuleSettings? rule = null)
    {
        var assignment = new TaskAssignment { Task = task, PoolUrl = new Uri(Url, ApiRoutes.TaskPool(task.Id)).ToString(), Rule = rule };
        Pending.Enqueue(assignment);
        return assignment;
    }

    private async Task<(int, object?)> ClientRouteAsync(Recorded request, CancellationToken cancellationToken)
    {
        if (request.Method == "GET" && request.Path == ApiRoutes.ClientNextTask)
        {
            var wait = int.Parse(request.Query.Split("wait=")[1], CultureInfo.InvariantCulture);
            var until = DateTimeOffset.UtcNow.AddSeconds(Math.Min(wait, 2));
            while (DateTimeOffset.UtcNow < until)
            {
                if (Pending.TryDequeue(out var assignment))
                {
                    return (200, assignment);
                }
                await Task.Delay(20, cancellationToken);
            }
            return (204, null);
        }
        if (request.Method == "POST" && request.Path == ApiRoutes.ClientResources)
        {
            Resources.Enqueue(request.Json<ResourceReport>());
            return (204, null);
        }
        var parts = request.Path[(ApiRoutes.ClientTasks.Length + 1)..].Split('/');
        if (parts.Length != 2 || !long.TryParse(parts[0], CultureInfo.InvariantCulture, out var id) || request.Method != "POST")
        {
            return (404, new ApiError($"no route {request.Method} {request.Path} in the fake server"));
        }
        var info = new TaskInfo { Id = id, Kind = TaskKind.Backup, State = TaskState.Executing, Created = DateTimeOffset.UtcNow };
        switch (parts[1])
        {
            case "start":
                Started.Enqueue(id);
                return (200, info);
            case "progress":
                var call = _progressCalls.AddOrUpdate(id, 1, (_, n) => n + 1);
                if (ProgressRefusal?.Invoke(id, call) is { } status)
                {
                    return (status, new ApiError($"task {id} was cancelled"));
                }
                Progress.Enqueue((id, request.Json<ProgressReport>()));
                return (204, null);
            case "log":
                foreach (var line in request.Json<LogReport>().Lines)
                {
                    Logs.Enqueue((id, line));
                }
                return (204, null);
            case "heartbeat":
                var beat = _heartbeatCalls.AddOrUpdate(id, 1, (_, n) => n + 1);
                if (HeartbeatRefusal?.Invoke(id, beat) is { } refused)
                {
                    return (refused, new ApiError($"task {id} is error and cannot be kept alive (it must be assigned or executing)"));
                }
                Heartbeats.Enqueue(id);
                return (204, null);
            case "finish":
                var finish = request.Json<FinishReport>();
                Finished.Enqueue((id, finish));
                return (200, info with { State = finish.Error is null ? TaskState.Done : TaskState.Error, Error = finish.Error, ArchiveId = finish.ArchiveId });
            default:
                return (404, new ApiError($"no route {request.Method} {request.Path} in the fake server"));
        }
    }
}
