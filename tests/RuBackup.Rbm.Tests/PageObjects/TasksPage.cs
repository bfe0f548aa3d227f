using System.Globalization;
using Microsoft.Playwright;

namespace RuBackup.Rbm.Tests.PageObjects;

/// <summary>The task queue as a test uses it (owned by the task queue's author).</summary>
public sealed class TasksPage(ConsoleBrowser browser)
{
    private static readonly string[] Terminal = ["Done", "Error", "Cancelled"];

    public Task OpenAsync() => browser.GoAsync("/tasks");

    /// <summary>Waits, without navigating, until the task's row (data-testid task-row-ID) has data-state == <paramref name="state"/> (a TaskState name).</summary>
    /// <remarks>Reads the open page's DOM only, so it proves the queue updates live. Fails at once when the task ends in another state.</remarks>
    public async Task WaitStateAsync(long taskId, string state, TimeSpan timeout)
    {
        var row = Row(taskId);
        var deadline = DateTime.UtcNow + timeout;
        string? seen = null;
        while (DateTime.UtcNow < deadline)
        {
            seen = await row.CountAsync() > 0 ? await row.GetAttributeAsync("data-state") : null;
            if (seen == state)
            {
                return;
            }
            if (seen is not null && Terminal.Contains(seen))
            {
                var error = await browser.Page.GetByTestId($"task-error-{taskId.ToString(CultureInfo.InvariantCulture)}").TextContentAsync();
                Assert.Fail($"task {taskId} ended {seen} on the queue page, not {state}: {error}");
            }
            await Task.Delay(250);
        }
        Assert.Fail($"task {taskId} did not reach {state} on the queue page within {timeout} (last seen: {seen ?? "no row"})");
    }

    /// <summary>The ids of the rows shown, newest first.</summary>
    public async Task<IReadOnlyList<long>> TaskIdsAsync()
    {
        var ids = new List<long>();
        foreach (var row in await browser.Page.Locator("tr[data-testid^='task-row-']").AllAsync())
        {
            var testId = await row.GetAttributeAsync("data-testid");
            ids.Add(long.Parse(testId!["task-row-".Length..], CultureInfo.InvariantCulture));
        }
        return ids;
    }

    private ILocator Row(long taskId) => browser.Page.GetByTestId($"task-row-{taskId.ToString(CultureInfo.InvariantCulture)}");
}
