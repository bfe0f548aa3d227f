using Microsoft.Playwright;
using RuBackup.Api;
using RuBackup.Rbm.Tests.PageObjects;

namespace RuBackup.Rbm.Tests;

/// <summary>
/// The task queue and the repository in Chromium against the real system: the queue follows a task to
/// Done without a reload, and the centralized restore dialog restores a backup into a folder on the
/// client (the images equal the cloud's disks) and refuses a relative folder at the field.
/// </summary>
public sealed class TasksAndRepositoryPageTests(TasksAndRepositoryFixture system) : IClassFixture<TasksAndRepositoryFixture>
{
    private SystemRun Run => system.Run;

    [Fact]
    public async Task TaskQueue_OpenBeforeTaskEnds_ShowsDoneWithoutReload()
    {
        await using var browser = await ConsoleBrowser.OpenAsync(Run.Server.Url);
        await browser.SignInAsync("rubackup", ServerProcess.AdminPassword);
        var queue = new TasksPage(browser);
        await queue.OpenAsync();

        // A reload would drop this marker and raise a main-frame navigation.
        await browser.Page.EvaluateAsync("() => { window.rbmQueueMarker = 'still-here'; }");
        var navigations = 0;
        browser.Page.FrameNavigated += (_, frame) =>
        {
            if (frame == browser.Page.MainFrame)
            {
                Interlocked.Increment(ref navigations);
            }
        };

        var task = await Run.Admin.RunRuleAsync(system.Rule.Id);
        Assert.NotEqual(TaskState.Done, task.State);
        await queue.WaitStateAsync(task.Id, nameof(TaskState.Done), TimeSpan.FromMinutes(3));

        await browser.ScreenshotAsync("en", "tasks");
        Assert.Equal(0, Volatile.Read(ref navigations));
        Assert.Equal("still-here", await browser.Page.EvaluateAsync<string>("() => window.rbmQueueMarker"));
        Assert.Equal(TaskState.Done, (await Run.Admin.GetTaskAsync(task.Id)).State);
        var ids = await queue.TaskIdsAsync();
        Assert.Equal(task.Id, ids[0]);
        Assert.Equal(ids.OrderByDescending(id => id), ids);
        var row = browser.Page.GetByTestId($"task-row-{task.Id}");
        Assert.Equal(nameof(TaskKind.Backup), await row.GetAttributeAsync("data-kind"));

        // The row opens the task's log, which holds what the server recorded.
        var log = await Run.Admin.GetTaskLogAsync(task.Id);
        Assert.NotEmpty(log);
        await row.ClickAsync();
        await Assertions.Expect(browser.Page.GetByTestId("task-log-line")).ToHaveCountAsync(log.Count);
        Assert.Equal(nameof(TaskState.Done), await browser.Page.GetByTestId("task-log-state").GetAttributeAsync("data-state"));
        await browser.ScreenshotAsync("en", "tasks-log");
        await browser.Page.GetByTestId("task-log-close").ClickAsync();

        // The state filter leaves only matching rows.
        await browser.Page.GetByTestId("task-filter-state-Error").ClickAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await browser.Page.GetByTestId("task-filter-state-Done").ClickAsync();
        await Assertions.Expect(row).ToHaveCountAsync(1);
        Assert.Empty(browser.ForeignRequests);
    }

    [Fact]
    public async Task Restore_ToFolderWithoutDeploy_TaskDoneAndImagesEqualCloudDisks()
    {
        var backup = await system.BackupAsync();
        var archive = await Run.Admin.GetArchiveAsync(backup.ArchiveId!);
        var volumes = await CloudDisks.VolumeIdsAsync(Run.Sim, TasksAndRepositoryFixture.Vm);
        var folder = Path.Combine(system.Client.Root, "restored-from-console");

        await using var browser = await ConsoleBrowser.OpenAsync(Run.Server.Url);
        await browser.SignInAsync("rubackup", ServerProcess.AdminPassword);
        var repository = new RepositoryPage(browser);
        await repository.OpenAsync();
        var row = await repository.ArchiveRowAsync(archive.Id);
        Assert.Equal("ok", await row.GetAttributeAsync("data-status"));
        Assert.Equal(nameof(BackupKind.Full), await row.GetAttributeAsync("data-type"));
        // A client that signs is trusted while authorized; a module from before signing writes unsigned archives.
        Assert.Equal(archive.SignerKey is null ? "unsigned" : archive.SignedBy is null ? "unknown" : "trusted", await RepositoryPage.SignerStateAsync(row));
        var group = browser.Page.GetByTestId("archive-group").Filter(new LocatorFilterOptions { Has = row });
        Assert.Equal(TasksAndRepositoryFixture.ClientName, await group.GetAttributeAsync("data-client"));
        await browser.ScreenshotAsync("en", "repository");

        // The dialog shows the backup's parameters and the chain it reads.
        await repository.OpenRestoreDialogAsync(archive.Id);
        Assert.Equal(archive.Id, (await browser.Page.GetByTestId("restore-archive-id").TextContentAsync())?.Trim());
        Assert.Equal(string.Join(" → ", archive.Chain), (await browser.Page.GetByTestId("restore-chain").TextContentAsync())?.Trim());
        Assert.True(await browser.Page.GetByTestId("restore-deploy").IsCheckedAsync(), "deploy if applicable is checked by default");
        await repository.SetRestoreFormAsync(deploy: false, folder);
        await browser.ScreenshotAsync("en", "repository-restore");
        await browser.Page.GetByTestId("restore-confirm").ClickAsync();
        var taskId = await repository.ReadCreatedTaskIdAsync();

        var task = await Run.Admin.GetTaskAsync(taskId);
        Assert.Equal(TaskKind.Restore, task.Kind);
        Assert.Equal(RestoreMode.Folder, task.RestoreMode);
        Assert.Equal(folder, task.RestoreTarget);
        Assert.Equal(archive.Id, task.ArchiveId);
        Assert.Equal(TasksAndRepositoryFixture.ClientName, task.ClientName);

        // Followed to Done in the queue the dialog links to.
        await browser.Page.GetByTestId("restore-open-queue").ClickAsync();
        await browser.Page.GetByTestId($"task-row-{taskId}").WaitForAsync();
        await new TasksPage(browser).WaitStateAsync(taskId, nameof(TaskState.Done), TimeSpan.FromMinutes(3));
        await Run.WaitTaskAsync(taskId);

        foreach (var volume in volumes)
        {
            var restored = Directory.GetFiles(folder, volume + ".raw", SearchOption.AllDirectories).Single();
            Assert.Equal(CloudDisks.Sha256(CloudDisks.VolumePath(Run.Sim, volume)), CloudDisks.Sha256(restored));
        }

        // The same pages in Russian, for the screenshots.
        await browser.Page.GetByTestId("lang-ru").ClickAsync();
        await browser.Page.GetByTestId("task-row-" + taskId).WaitForAsync();
        await browser.ScreenshotAsync("ru", "tasks");
        await repository.ArchiveRowAsync(archive.Id);
        await browser.ScreenshotAsync("ru", "repository");
        await repository.OpenRestoreDialogAsync(archive.Id);
        await Assertions.Expect(browser.Page.GetByTestId("restore-dialog")).ToContainTextAsync("Развернуть, если применимо");
        await browser.ScreenshotAsync("ru", "repository-restore");
        Assert.Empty(browser.ForeignRequests);
    }

    [Fact]
    public async Task Restore_RelativeFolder_RefusedAtFieldAndNoTaskCreated()
    {
        var backup = await system.BackupAsync();
        var before = await Run.Admin.ListTasksAsync();

        await using var browser = await ConsoleBrowser.OpenAsync(Run.Server.Url);
        await browser.SignInAsync("rubackup", ServerProcess.AdminPassword);
        var repository = new RepositoryPage(browser);
        await repository.OpenAsync();
        await repository.OpenRestoreDialogAsync(backup.ArchiveId!);
        await repository.SetRestoreFormAsync(deploy: false, "restored/relative");

        var field = browser.Page.GetByTestId("restore-folder");
        var dialog = browser.Page.GetByTestId("restore-dialog");
        await Assertions.Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(dialog.Locator(".mud-input-helper-text.mud-input-error")).ToContainTextAsync("absolute");
        await browser.Page.GetByTestId("restore-confirm").ClickAsync();
        await browser.ScreenshotAsync("en", "repository-restore-relative-folder");

        // Still open, the message still at the field, and the queue unchanged.
        await Task.Delay(1500);
        await Assertions.Expect(dialog.Locator(".mud-input-helper-text.mud-input-error")).ToContainTextAsync("absolute");
        Assert.Equal(0, await browser.Page.GetByTestId("restore-task-id").CountAsync());
        var after = await Run.Admin.ListTasksAsync();
        Assert.Equal(before.Select(t => t.Id), after.Select(t => t.Id));
    }

    [Fact]
    public async Task Restore_OntoClientWithCentralizedRestoreOff_ShowsServerRefusalAndNoTask()
    {
        var backup = await system.BackupAsync();
        var before = await Run.Admin.ListTasksAsync();

        await using var browser = await ConsoleBrowser.OpenAsync(Run.Server.Url);
        await browser.SignInAsync("rubackup", ServerProcess.AdminPassword);
        var repository = new RepositoryPage(browser);
        await repository.OpenRestoreDialogAsync(backup.ArchiveId!);
        await browser.Page.GetByTestId("restore-client").ClickAsync();
        await browser.Page.Locator(".mud-popover-open").GetByText(TasksAndRepositoryFixture.NoCentralRestoreClient).ClickAsync();
        await browser.Page.GetByTestId("restore-centralized-off").WaitForAsync();
        await browser.Page.GetByTestId("restore-confirm").ClickAsync();

        await Assertions.Expect(browser.Page.GetByTestId("restore-error")).ToContainTextAsync("centralized restore");
        Assert.Equal(0, await browser.Page.GetByTestId("restore-task-id").CountAsync());
        Assert.Equal(before.Select(t => t.Id), (await Run.Admin.ListTasksAsync()).Select(t => t.Id));
    }

    [Fact]
    public async Task Roles_OperatorAndAuditor_SeeOnlyTheControlsTheyMayUse()
    {
        var backup = await system.BackupAsync();
        var id = backup.ArchiveId!;

        await using (var browser = await ConsoleBrowser.OpenAsync(Run.Server.Url))
        {
            await browser.SignInAsync(TasksAndRepositoryFixture.OperatorName, TasksAndRepositoryFixture.Password);
            var repository = new RepositoryPage(browser);
            await repository.ArchiveRowAsync(id);
            Assert.True(await browser.Page.GetByTestId($"archive-restore-{id}").IsVisibleAsync());
            await browser.Page.GetByTestId($"archive-menu-{id}").ClickAsync();
            await browser.Page.GetByTestId($"archive-verify-{id}").WaitForAsync();
            Assert.Equal(0, await browser.Page.GetByTestId($"archive-move-{id}").CountAsync());
            Assert.Equal(0, await browser.Page.GetByTestId($"archive-delete-{id}").CountAsync());

            // Verify is the operator's to use: it makes a verification task of this archive.
            await browser.Page.GetByTestId($"archive-verify-{id}").ClickAsync();
            var verify = await SystemRun.EventuallyAsync(async () =>
                (await Run.Admin.ListTasksAsync()).FirstOrDefault(t => t.Kind == TaskKind.Verify && t.ArchiveId == id), "a verify task");
            Assert.Equal(TasksAndRepositoryFixture.OperatorName, verify.CreatedBy);
            await Run.WaitTaskAsync(verify.Id);
        }

        await using (var browser = await ConsoleBrowser.OpenAsync(Run.Server.Url))
        {
            await browser.SignInAsync(TasksAndRepositoryFixture.AuditorName, TasksAndRepositoryFixture.Password);
            var row = await new RepositoryPage(browser).ArchiveRowAsync(id);
            // The verification above shows once the page has read the archive again.
            await Assertions.Expect(row).ToHaveAttributeAsync("data-verified", "yes");
            Assert.Equal(0, await browser.Page.GetByTestId($"archive-restore-{id}").CountAsync());
            Assert.Equal(0, await browser.Page.GetByTestId($"archive-menu-{id}").CountAsync());
        }
    }
}
