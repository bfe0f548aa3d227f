namespace RuBackup.Rbm.Tests.PageObjects;

/// <summary>The task queue as a test uses it (owned by the task queue's author).</summary>
public sealed class TasksPage(ConsoleBrowser browser)
{
    public Task OpenAsync() => browser.GoAsync("/tasks");

    /// <summary>Waits, without navigating, until the task's row (data-testid task-row-ID) has data-state == <paramref name="state"/> (a TaskState name).</summary>
    public Task WaitStateAsync(long taskId, string state, TimeSpan timeout) => throw new NotImplementedException();

    /// <summary>The ids of the rows shown, newest first.</summary>
    public Task<IReadOnlyList<long>> TaskIdsAsync() => throw new NotImplementedException();
}
