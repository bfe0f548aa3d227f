namespace RuBackup.Client.Tasks;

/// <summary>Timings of task runs; defaults are the product's, tests shorten them.</summary>
public sealed record TaskRunnerOptions
{
    /// <summary>How long one long poll waits on the server (poll_wait).</summary>
    public TimeSpan PollWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>At most one progress report per interval (the module writes about two a second).</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Log lines are sent in batches at most this far apart.</summary>
    public TimeSpan LogFlushInterval { get; init; } = TimeSpan.FromSeconds(1);

    public int LogBatchLines { get; init; } = 200;

    /// <summary>Log lines kept while the server is unreachable; older ones are dropped (and counted).</summary>
    public int LogBacklogLines { get; init; } = 10000;

    /// <summary>How long one report call may take before it counts as "no answer".</summary>
    public TimeSpan ReportTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>After SIGTERM the module gets this long to clean its cloud resources before SIGKILL.</summary>
    public TimeSpan InterruptGrace { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A running task keeps going while the server does not answer, up to this long (server_unreachable_limit).</summary>
    public TimeSpan ServerUnreachableLimit { get; init; } = TimeSpan.FromMinutes(10);

    public TimeSpan RetryFirst { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Tasks run at once (max_tasks).</summary>
    public int MaxTasks { get; init; } = 1;

    /// <summary>After the client is told to stop, how long it still tries to report the interrupted task's end.</summary>
    public TimeSpan ShutdownReportLimit { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Heartbeats per lease while a task runs: a quarter lease apart, so three may be lost or late before the server takes the task back.</summary>
    public int HeartbeatsPerLease { get; init; } = 4;

    /// <summary>When the server names no lease (an older server): heartbeat this often.</summary>
    public TimeSpan DefaultHeartbeatInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The heartbeat period for a task with a lease of <paramref name="leaseSeconds"/>.</summary>
    public TimeSpan HeartbeatInterval(int leaseSeconds) =>
        leaseSeconds > 0 ? TimeSpan.FromSeconds((double)leaseSeconds / Math.Max(1, HeartbeatsPerLease)) : DefaultHeartbeatInterval;
}
