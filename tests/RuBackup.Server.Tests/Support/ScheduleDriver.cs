using Microsoft.Extensions.DependencyInjection;
using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Server.Schedule;

namespace RuBackup.Server.Tests.Support;

/// <summary>Drives the current host's scheduler and reads the catalog behind it, without HTTP (fake time outlives tokens).</summary>
public static class ScheduleDriver
{
    public static ICatalog Catalog(this TestServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return server.Host.Services.GetRequiredService<ICatalog>();
    }

    public static Task TickAsync(this TestServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return server.Host.Services.GetRequiredService<Scheduler>().TickAsync(CancellationToken.None);
    }

    public static async Task<IReadOnlyList<TaskInfo>> TasksOfAsync(this TestServer server, long ruleId) =>
        [.. (await server.Catalog().ListTasksAsync(new TaskQuery(RuleId: ruleId, Limit: 100_000), CancellationToken.None).ConfigureAwait(false)).OrderBy(t => t.Id)];

    /// <summary>Cancels every new task, as an operator would, so the next occurrence is not skipped as an overlap.</summary>
    public static async Task CancelNewTasksAsync(this TestServer server, DateTimeOffset now)
    {
        var catalog = server.Catalog();
        foreach (var task in await catalog.ListTasksAsync(new TaskQuery(State: TaskState.New, Limit: 100_000), CancellationToken.None).ConfigureAwait(false))
        {
            await catalog.TransitionTaskAsync(task.Id, [TaskState.New], TaskState.Cancelled, now, "test", CancellationToken.None).ConfigureAwait(false);
        }
    }

    public static async Task<IReadOnlyList<AuditEntry>> AuditAsync(this TestServer server, string action) =>
        [.. (await server.Catalog().ListAuditAsync(100_000, CancellationToken.None).ConfigureAwait(false)).Where(e => e.Action == action).OrderBy(e => e.Id)];

    /// <summary>Waits (real time) until no server task (verify, delete) is new or executing.</summary>
    public static async Task ServerTasksSettledAsync(this TestServer server)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var tasks = await server.Catalog().ListTasksAsync(new TaskQuery(Limit: 100_000), CancellationToken.None).ConfigureAwait(false);
            if (!tasks.Any(t => t.Kind is TaskKind.Verify or TaskKind.Delete && t.State is TaskState.New or TaskState.Executing))
            {
                return;
            }
            await Task.Delay(50).ConfigureAwait(false);
        }
        throw new TimeoutException("server tasks did not settle in 30 s");
    }
}
