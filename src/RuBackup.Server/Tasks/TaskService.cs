using System.Globalization;
using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Server.Api;
using RuBackup.Server.Auth;
using RuBackup.Server.Services;

namespace RuBackup.Server.Tasks;

/// <summary>The users' view of the task queue: list, one task, its log, cancel.</summary>
public sealed class TaskService(ICatalog catalog, TaskQueue queue, AuditLog audit, TimeProvider time)
{
    public const int MaxLimit = 10_000;
    private static readonly TaskState[] Cancellable = [TaskState.New, TaskState.Assigned, TaskState.Executing];

    public Task<IReadOnlyList<TaskInfo>> ListAsync(string? state, string? client, int? limit, CancellationToken cancellationToken) =>
        catalog.ListTasksAsync(new TaskQuery(ParseState(state), ParseId(client, "client"), Limit: ParseLimit(limit)), cancellationToken);

    public async Task<TaskInfo> GetAsync(long id, CancellationToken cancellationToken) =>
        await catalog.FindTaskAsync(id, cancellationToken).ConfigureAwait(false) ?? throw ApiException.NotFound($"no task {id}");

    public async Task<IReadOnlyList<TaskLogLine>> LogAsync(long id, int? after, CancellationToken cancellationToken)
    {
        if (after < 0)
        {
            throw ApiException.BadRequest("after", "after must not be negative");
        }
        _ = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        return await catalog.ReadTaskLogAsync(id, after ?? 0, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Moves the task to Cancelled; a client running it learns that from the 409 of its next progress
    /// call and stops. A server-side task checks its state between steps.
    /// </summary>
    public async Task<TaskInfo> CancelAsync(Caller caller, long id, CancellationToken cancellationToken)
    {
        var task = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        var cancelled = await catalog.TransitionTaskAsync(id, Cancellable, TaskState.Cancelled, time.GetUtcNow(), $"cancelled by {caller.Actor}", cancellationToken).ConfigureAwait(false)
            ?? throw ApiException.Conflict($"task {id} is {(await GetAsync(id, cancellationToken).ConfigureAwait(false)).State.ToString().ToLowerInvariant()}; only new, assigned or executing tasks can be cancelled");
        await queue.LogAsync(id, "warning", $"cancelled by {caller.Actor}", cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(caller, "task.cancel", $"task {id}", $"{task.Kind} was {task.State}", cancellationToken).ConfigureAwait(false);
        return cancelled;
    }

    public static TaskState? ParseState(string? state) =>
        string.IsNullOrEmpty(state) ? null
        : Enum.TryParse<TaskState>(state, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed
        : throw ApiException.BadRequest("state", $"'{state}' is not a task state (new, assigned, executing, done, error, cancelled)");

    public static long? ParseId(string? value, string field) =>
        string.IsNullOrEmpty(value) ? null
        : long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id
        : throw ApiException.BadRequest(field, $"{field} must be a numeric id ('{value}' given)");

    public static int ParseLimit(int? limit) =>
        limit is null ? 500
        : limit is >= 1 and <= MaxLimit ? limit.Value
        : throw ApiException.BadRequest("limit", $"limit must be between 1 and {MaxLimit}");
}
