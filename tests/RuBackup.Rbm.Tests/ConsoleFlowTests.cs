using RuBackup.Api;
using RuBackup.Rbm.Tests.PageObjects;

namespace RuBackup.Rbm.Tests;

/// <summary>
/// The document's walk through the manager (figures 1–19), in a real browser against the real server,
/// a real client daemon and the simulator: sign in, authorize the new client, create a rule with a
/// before-script, run it now, watch the task reach Done in the queue without a reload, restore the
/// archive by deployment (a postfixed VM appears in the cloud) and then into a folder. At the end every
/// main page is photographed in both languages (artifacts/rbm-screenshots/{en,ru}/*.png).
/// </summary>
public sealed class ConsoleFlowTests
{
    private const string BeforeScript = "/opt/rubackup/scripts/rbm-before.sh";

    public static readonly (string Name, string Path)[] MainPages =
    [
        ("dashboard", "/"), ("clients", "/clients"), ("rules", "/rules"), ("strategies", "/strategies"), ("tasks", "/tasks"),
        ("repository", "/repository"), ("pools", "/pools"), ("users", "/users"), ("notifications", "/notifications"), ("audit", "/audit"),
    ];

    [Fact]
    public async Task AdministratorWalk_AuthorizeRuleRunNowRestoreDeployAndFolder_EveryStepLandsInTheSystem()
    {
        await using var run = await SystemRun.StartAsync(CatalogKind.Sqlite);
        await run.AddPoolAsync("dedup", PoolKind.Dedup);
        var (client, _) = await run.AddClientAsync("c1", authorize: false);
        var markers = WriteGuestBeforeScript(run.Sim);
        await using var browser = await ConsoleBrowser.OpenAsync(run.Server.Url);

        // Sign in; the waiting client is announced on every page, and the clients page authorizes it.
        await browser.SignInAsync("rubackup", ServerProcess.AdminPassword);
        await browser.Page.GetByTestId("unauthorized-notice").WaitForAsync();
        await new ClientsPage(browser).AuthorizeAsync("c1");
        Assert.Equal(ClientStatus.Authorized, (await run.Admin.ListClientsAsync()).Single(c => c.Name == "c1").Status);
        var clientId = (await run.Admin.ListClientsAsync()).Single(c => c.Name == "c1").Id;
        await SystemRun.EventuallyAsync(async () => (await run.Admin.GetClientResourcesAsync(clientId)).Any(r => r.Name == "web-1") ? "" : null,
            "c1 reports its VMs", () => client.Output);

        // A rule for web-1 with a before-script, enabled after creation.
        var rules = new RulesPage(browser);
        await rules.CreateAsync(new RuleFormInput { Name = "web-1-daily", Client = "c1", VmName = "web-1", Pool = "dedup", ScriptBefore = BeforeScript });
        var rule = (await run.Admin.ListRulesAsync()).Single(r => r.Settings.Name == "web-1-daily");
        Assert.Equal((RuleStatus.Run, "c1", await run.VmIdAsync("web-1"), "dedup", BeforeScript),
            (rule.Status, rule.Settings.Client, rule.Settings.Resource, rule.Settings.Pool, rule.Settings.ScriptBeforeSnapshot));

        // Run now from the row's menu; the queue, opened while the task runs (the script sleeps), shows it reach Done live.
        await rules.RunNowAsync("web-1-daily");
        var backup = (await run.Admin.ListTasksAsync()).Single(t => t.Kind == TaskKind.Backup && t.RuleId == rule.Id);
        var tasks = new TasksPage(browser);
        await tasks.OpenAsync();
        await browser.Page.EvaluateAsync("() => { window.rbmNoReload = 'kept'; }");
        var navigations = 0;
        browser.Page.FrameNavigated += (_, frame) => navigations += frame == browser.Page.MainFrame ? 1 : 0;
        var seenFirst = await browser.Page.GetByTestId($"task-row-{backup.Id}").GetAttributeAsync("data-state");
        Assert.NotEqual(nameof(TaskState.Done), seenFirst);
        await tasks.WaitStateAsync(backup.Id, nameof(TaskState.Done), TimeSpan.FromMinutes(3));
        Assert.Equal(0, navigations);
        Assert.Equal("kept", await browser.Page.EvaluateAsync<string>("() => window.rbmNoReload"));
        backup = await run.Admin.GetTaskAsync(backup.Id);
        Assert.Equal(TaskState.Done, backup.State);
        Assert.Contains("before", File.ReadAllText(markers), StringComparison.Ordinal);

        // Centralized restore with "deploy if applicable": web-1 exists, so the new VM is web-1-1, disks equal.
        var repository = new RepositoryPage(browser);
        await repository.OpenAsync();
        var deployTask = await repository.RestoreAsync(backup.ArchiveId!, deploy: true, folder: null);
        await tasks.OpenAsync();
        await tasks.WaitStateAsync(deployTask, nameof(TaskState.Done), TimeSpan.FromMinutes(3));
        var volumes = await CloudDisks.VolumeIdsAsync(run.Sim, "web-1");
        var deployed = await CloudDisks.VolumeIdsAsync(run.Sim, "web-1-1");
        Assert.Equal(volumes.Count, deployed.Count);
        foreach (var (source, copy) in volumes.Zip(deployed))
        {
            var length = new FileInfo(CloudDisks.VolumePath(run.Sim, source)).Length;
            Assert.Equal(CloudDisks.Sha256(CloudDisks.VolumePath(run.Sim, source)), CloudDisks.Sha256(CloudDisks.VolumePath(run.Sim, copy), length));
        }

        // Unchecked: the raw disks into a folder on the client.
        var folder = Path.Combine(client.Root, "restored-by-rbm");
        await repository.OpenAsync();
        var folderTask = await repository.RestoreAsync(backup.ArchiveId!, deploy: false, folder: folder);
        await tasks.OpenAsync();
        await tasks.WaitStateAsync(folderTask, nameof(TaskState.Done), TimeSpan.FromMinutes(3));
        var restoreTask = await run.Admin.GetTaskAsync(folderTask);
        Assert.Equal((RestoreMode.Folder, folder), (restoreTask.RestoreMode, restoreTask.RestoreTarget));
        foreach (var volume in volumes)
        {
            var restored = Directory.GetFiles(folder, volume + ".raw", SearchOption.AllDirectories).Single();
            Assert.Equal(CloudDisks.Sha256(CloudDisks.VolumePath(run.Sim, volume)), CloudDisks.Sha256(restored));
        }
        Assert.Empty(await CloudDisks.TemporaryLeftoversAsync(run.Sim));

        // Every main page, with this run's data, in both languages.
        foreach (var language in new[] { "en", "ru" })
        {
            if (await browser.Page.GetAttributeAsync("html", "lang") != language)
            {
                await browser.Page.GetByTestId("lang-" + language).ClickAsync();
                await browser.Page.WaitForSelectorAsync($"html[lang='{language}']");
            }
            foreach (var (name, path) in MainPages)
            {
                await browser.GoAsync(path);
                // Live pages draw their data a moment after the title.
                await browser.Page.WaitForTimeoutAsync(700);
                var file = await browser.ScreenshotAsync(language, name);
                Assert.True(new FileInfo(file).Length > 10_000, $"{file} looks empty");
            }
        }
        Assert.Empty(browser.ForeignRequests);
        Assert.Empty(browser.ConsoleErrors);
    }

    /// <summary>The guest's before-script: leaves a marker and takes a few seconds, so the queue sees the task before it is done.</summary>
    private static string WriteGuestBeforeScript(SimProcess sim)
    {
        var scripts = Path.Combine(sim.StateDir, "vms/web-1/guest/opt/rubackup/scripts");
        Directory.CreateDirectory(scripts);
        var script = Path.Combine(scripts, Path.GetFileName(BeforeScript));
        File.WriteAllText(script, $"#!/bin/sh\necho \"before $(date +%s)\" >> {Path.GetDirectoryName(BeforeScript)}/rbm-markers.log\nsleep 4\n");
        File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
        return Path.Combine(scripts, "rbm-markers.log");
    }
}
