using RuBackup.Api;
using RuBackup.Client.Modules;
using RuBackup.Client.Tasks;

namespace RuBackup.Client.Tests;

/// <summary>
/// A rule's post-backup script: the module exports the archive, the client runs the script on the file
/// and reports Done only when it exits 0 and the file keeps its name (against a fake module and server).
/// </summary>
public sealed class PostBackupScriptTests : IAsyncLifetime
{
    private RunnerHarness _h = null!;

    private string Script => Path.Combine(_h.Root.Folder, "scripts", "after.sh");

    private string ExportFile => Path.Combine(_h.Root.Paths.ExportFolder, "arch-42.rbexport");

    public async Task InitializeAsync()
    {
        _h = await RunnerHarness.StartAsync();
        FakeModule.Write(_h.Root.ModulePath, FakeModule.Exports);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private RuleSettings Rule(string? script) => new()
    {
        Name = "web offsite",
        Resource = "vm-1",
        Pool = "dedup-1",
        Schedule = "0 2 * * *",
        ScriptAfterBackup = script,
    };

    private static TaskInfo Backup(long id) => new()
    {
        Id = id,
        Kind = TaskKind.Backup,
        State = TaskState.Assigned,
        RuleId = 5,
        Resource = "vm-1",
        ResourceName = "web-1",
        BackupType = BackupKind.Full,
        Pool = "dedup-1",
        Created = DateTimeOffset.UtcNow,
    };

    private Task<TaskOutcome> RunAsync(long id, CancellationToken stop = default) =>
        _h.Runner().RunAsync(_h.Server.Enqueue(Backup(id), Rule(Script)), stop).WaitAsync(TimeSpan.FromSeconds(60));

    [Fact]
    public void ForTask_RuleWithPostBackupScript_ExportFolderPassedToTheModule()
    {
        var assignment = new TaskAssignment { Task = Backup(9), PoolUrl = "http://s/pool", Rule = Rule("/opt/scripts/after.sh") };

        var arguments = ModuleCommandLine.ForTask(assignment, _h.Root.ModuleSettings, assignment.PoolUrl);

        Assert.Equal(["-c", _h.Root.Paths.DefaultModuleConfig, "-b", "vm-1", "--repo", "http://s/pool", "--type", "full",
            "--signing-key", _h.Root.Paths.SigningKey, "--signer-name", "test-client", "--export-folder", _h.Root.Paths.ExportFolder, "--task", "9", "--json", "--progress"], arguments);
        Assert.DoesNotContain("--export-folder", ModuleCommandLine.ForTask(assignment with { Rule = Rule(" ") }, _h.Root.ModuleSettings, assignment.PoolUrl));
    }

    [Fact]
    public void ForTask_RelativeScriptPath_RefusedNamingTheRule()
    {
        var assignment = new TaskAssignment { Task = Backup(9), PoolUrl = "http://s/pool", Rule = Rule("scripts/after.sh") };

        var error = Assert.Throws<TaskSetupException>(() => ModuleCommandLine.ForTask(assignment, _h.Root.ModuleSettings, assignment.PoolUrl));

        Assert.Equal("task 9: script_after_backup 'scripts/after.sh' of rule 'web offsite' is not an absolute path", error.Message);
    }

    [Fact]
    public async Task RunAsync_ScriptExits0AndKeepsTheName_DoneWithTheArchiveAndTheScriptsLinesInTheTaskLog()
    {
        FakeModule.WriteScript(Script, """
            echo "transforming $RUBACKUP_ARCHIVE_FILE"
            echo "error: only a test" >&2
            printf 'TRANSFORMED' > "$RUBACKUP_ARCHIVE_FILE.tmp" && mv "$RUBACKUP_ARCHIVE_FILE.tmp" "$RUBACKUP_ARCHIVE_FILE"
            """);

        var outcome = await RunAsync(21);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal((21L, new FinishReport(null, "arch-42")), Assert.Single(_h.Server.Finished));
        Assert.Equal("TRANSFORMED", File.ReadAllText(ExportFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_h.Root.Paths.ExportFolder));
        var logs = _h.Server.Logs.Select(l => l.Line).ToList();
        Assert.Contains(logs, l => l.Level == "info" && l.Message == $"running the post-backup script {Script} on {ExportFile}");
        Assert.Contains(logs, l => l.Level == "info" && l.Message == $"post-backup script: transforming {ExportFile}");
        Assert.Contains(logs, l => l.Level == "error" && l.Message == "post-backup script: only a test");
        Assert.Contains($"task 21: post-backup script: transforming {ExportFile}", File.ReadAllText(_h.Root.Paths.LogFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Script_EnvironmentHasTheArchiveFactsAndNoPoolToken()
    {
        var dump = Path.Combine(_h.Root.Folder, "script-env.txt");
        FakeModule.WriteScript(Script, $"env > '{dump}'");

        var outcome = await RunAsync(22);

        Assert.True(outcome.Succeeded, outcome.Error);
        var environment = File.ReadAllLines(dump).Select(l => l.Split('=', 2)).Where(p => p.Length == 2).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.First()[1]);
        Assert.Equal("arch-42", environment["RUBACKUP_ARCHIVE_ID"]);
        Assert.Equal(ExportFile, environment["RUBACKUP_ARCHIVE_FILE"]);
        Assert.Equal("22", environment["RUBACKUP_TASK_ID"]);
        Assert.Equal("5", environment["RUBACKUP_RULE_ID"]);
        Assert.Equal("vm-1", environment["RUBACKUP_RESOURCE"]);
        Assert.Equal("web-1", environment["RUBACKUP_RESOURCE_NAME"]);
        Assert.Equal("dedup-1", environment["RUBACKUP_POOL"]);
        Assert.StartsWith("token=client-token-", FakeModule.Environment(_h.Root.ModulePath), StringComparison.Ordinal);
        Assert.DoesNotContain("RUBACKUP_POOL_TOKEN", environment.Keys);
        Assert.DoesNotContain(environment.Values, v => v.Contains("client-token-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_ScriptExitsNonZero_ErrorWithTheExitCodeAndTheArchiveStillReported()
    {
        FakeModule.WriteScript(Script, "echo 'rbcrypt: the key file is missing' >&2; exit 3");

        var outcome = await RunAsync(23);

        Assert.False(outcome.Succeeded);
        var (_, report) = Assert.Single(_h.Server.Finished);
        Assert.Equal("arch-42", report.ArchiveId);
        Assert.Equal($"the post-backup script {Script} of rule 'web offsite' failed with exit code 3; archive arch-42 is committed", report.Error);
        Assert.Contains(_h.Server.Logs, l => l.Line.Message == "post-backup script: rbcrypt: the key file is missing");
    }

    [Theory]
    [InlineData("mv \"$RUBACKUP_ARCHIVE_FILE\" \"$RUBACKUP_ARCHIVE_FILE.enc\"")]
    [InlineData("rm \"$RUBACKUP_ARCHIVE_FILE\"")]
    public async Task RunAsync_ScriptRenamesOrRemovesTheFile_ErrorSaysTheNameMustBeKept(string body)
    {
        FakeModule.WriteScript(Script, body);

        var outcome = await RunAsync(24);

        Assert.False(outcome.Succeeded);
        var (_, report) = Assert.Single(_h.Server.Finished);
        Assert.Equal("arch-42", report.ArchiveId);
        Assert.Equal($"the post-backup script {Script} of rule 'web offsite' exited 0, but file {ExportFile} no longer exists: " +
            "a transformed file must keep its name; archive arch-42 is committed", report.Error);
    }

    [Fact]
    public async Task RunAsync_ScriptMissing_ErrorNamesTheScript()
    {
        var outcome = await RunAsync(25);

        var (_, report) = Assert.Single(_h.Server.Finished);
        Assert.Equal("arch-42", report.ArchiveId);
        Assert.StartsWith($"cannot start the post-backup script {Script}", outcome.Error, StringComparison.Ordinal);
        Assert.EndsWith("(rule 'web offsite')", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ClientStopsDuringTheScript_ScriptGetsSigtermAndTheTaskIsInterrupted()
    {
        var started = Path.Combine(_h.Root.Folder, "script-started");
        var marker = Path.Combine(_h.Root.Folder, "script-sigterm");
        FakeModule.WriteScript(Script, $"trap 'touch \"{marker}\"; exit 2' TERM\ntouch '{started}'\nwhile true; do sleep 0.05; done");
        using var stop = new CancellationTokenSource();

        var running = RunAsync(26, stop.Token);
        for (var waited = 0; !File.Exists(started); waited++)
        {
            Assert.True(waited < 400, "the script never started");
            await Task.Delay(50);
        }
        await stop.CancelAsync();
        var outcome = await running;

        Assert.True(File.Exists(marker), "the script never got SIGTERM");
        var (_, report) = Assert.Single(_h.Server.Finished);
        Assert.Equal(new FinishReport("interrupted: the client is stopping", "arch-42"), report);
        Assert.True(outcome.Reported);
    }
}
