namespace RuBackup.Server.Tasks;

/// <summary>
/// Wakes waiters when new work appears. A waiter takes <see cref="Next"/> before looking at the queue,
/// so a task created between its look and its wait still wakes it.
/// </summary>
public sealed class TaskSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Next => Volatile.Read(ref _next).Task;

    public void Pulse() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}

/// <summary>The two queues' signals: tasks run by clients (backup, restore) and by the server (verify, delete).</summary>
public sealed class TaskSignals
{
    public TaskSignal ClientWork { get; } = new();

    public TaskSignal ServerWork { get; } = new();
}
