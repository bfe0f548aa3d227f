using RuBackup.Api;
using RuBackup.Client.Tasks;

namespace RuBackup.Client.Tests;

/// <summary>The task runner against a fake module (bash) and the in-test server.</summary>
public sealed class TaskRunnerTests : IAsyncLifetime
{
    private RunnerHarness _h = null!;

    public async Task InitializeAsync() => _h = await RunnerHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private TaskRunner Runner(TaskRunnerOptions? options = null) => _h.Runner(options);

    private static TaskInfo Backup(long id) => new()
    {
        Id = id,
        Kind = TaskKind.Backup,
        State = TaskState.Assigned,
        Resource = "vm-1",
        ResourceName = "web-1",
        BackupType = BackupKind.Incremental,
        Pool = "dedup-1",
        Created = DateTimeOffset.UtcNow,
    };

    private static readonly RuleSettings EncryptedRule = new()
    {
        Name = "web nightly",
        Resource = "vm-1",
        Pool = "dedup-1",
        Schedule = "0 2 * * *",
        Encryption = "twofish-256",
        ScriptBeforeSnapshot = "/opt/rubackup/scripts/rustack.sh before",
    };

    [Fact]
    public async Task RunAsync_ModuleSucceeds_StartProgressLogsAndFinishWithArchive()
    {
        FakeModule.Write(_h.Root.ModulePath, FakeModule.Succeeds);
        var assignment = _h.Server.Enqueue(Backup(7), EncryptedRule);

        var outcome = await Runner().RunAsync(assignment, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.True(outcome.Reported);
        Assert.Equal("arch-42", outcome.ArchiveId);
        Assert.Equal([7L], _h.Server.Started);
        var finish = Assert.Single(_h.Server.Finished);
        Assert.Equal((7L, new FinishReport(null, "arch-42")), finish);
        var progress = _h.Server.Progress.Select(p => p.Report).ToList();
        Assert.Equal(new ProgressReport(1000, 1000), progress[^1]);
        Assert.True(progress.Count < 10, $"ten module lines in a burst must be throttled, got {progress.Count} reports");
        var logs = _h.Server.Logs.Select(l => l.Line).ToList();
        Assert.Contains(logs, l => l.Level == "info" && l.Message == "snapshot of volume v1 created");
        Assert.Contains(logs, l => l.Level == "warning" && l.Message == "the guest agent did not answer");
        Assert.Contains(logs, l => l.Level == "info" && l.Message.StartsWith("running " + _h.Root.ModulePath + " -c ", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Message.StartsWith("progress", StringComparison.Ordinal));

        Assert.Equal(["-c", _h.Root.Paths.DefaultModuleConfig, "-b", "vm-1", "--repo", _h.Server.Url + "api/v1/client/tasks/7/pool", "--type", "incremental",
            "--key", _h.Root.Paths.MasterKey, "--encryption", "twofish-256", "--signing-key", _h.Root.Paths.SigningKey, "--signer-name", "test-client", "--script-before", "/opt/rubackup/scripts/rustack.sh before", "--task", "7", "--json", "--progress"], FakeModule.Arguments(_h.Root.ModulePath));
        Assert.StartsWith("token=client-token-", FakeModule.Environment(_h.Root.ModulePath), StringComparison.Ordinal);
        var logFile = File.ReadAllText(_h.Root.Paths.LogFile);
        Assert.Contains("task 7: done: archive arch-42", logFile, StringComparison.Ordinal);
        Assert.DoesNotContain("client-token-", logFile, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ModuleFails_FinishCarriesTheModulesErrorLine()
    {
        FakeModule.Write(_h.Root.ModulePath, FakeModule.Fails);
        var assignment = _h.Server.Enqueue(Backup(8), EncryptedRule);

        var outcome = await Runner().RunAsync(assignment, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(outcome.Succeeded);
        var (task, report) = Assert.Single(_h.Server.Finished);
        Assert.Equal(8, task);
        Assert.Null(report.ArchiveId);
        Assert.Equal("snapshot of volume v1 failed: quota exceeded (exit code 2)", report.Error);
        Assert.Contains(_h.Server.Logs, l => l.Line.Level == "error" && l.Line.Message == "snapshot of volume v1 failed: quota exceeded");
    }

    [Fact]
    public async Task RunAsync_ProgressAnswered409_ModuleGetsSigtermAndNoFinishIsSent()
    {
        FakeModule.Write(_h.Root.ModulePath, FakeModule.RunsUntilInterrupted);
        _h.Server.ProgressRefusal = (_, call) => call >= 2 ? 409 : null;
        var assignment = _h.Server.Enqueue(Backup(9), EncryptedRule);

        var outcome = await Runner().RunAsync(assignment, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(File.Exists(FakeModule.Marker(_h.Root.ModulePath)), "the module never got SIGTERM");
        Assert.True(outcome.Refused);
        Assert.False(outcome.Reported);
        Assert.Empty(_h.Server.Finished);
        Assert.Contains("the server refused the task's reports (409): task 9 was cancelled", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("task 9: stopping the module (SIGTERM", File.ReadAllText(_h.Root.Paths.LogFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SilentModule_HeartbeatsKeepTheLeaseAndA409StopsIt()
    {
        FakeModule.Write(_h.Root.ModulePath, FakeModule.SilentUntilInterrupted);
        _h.Server.HeartbeatRefusal = (_, call) => call >= 4 ? 409 : null;
        var assignment = _h.Server.Enqueue(Backup(9), EncryptedRule) with { LeaseSeconds = 1 };

        var outcome = await Runner().RunAsync(assignment, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(3, _h.Server.Heartbeats.Count);
        Assert.Empty(_h.Server.Progress);
        Assert.True(File.Exists(FakeModule.Marker(_h.Root.ModulePath)), "the module never got SIGTERM");
        Assert.True(outcome.Refused);
        Assert.Empty(_h.Server.Finished);
        Assert.Contains("the server refused the task's reports (409): task 9 is error", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ProgressRejectedWith400_DroppedAndTheTaskGoesOn()
    {
        FakeModule.Write(_h.Root.ModulePath, FakeModule.Succeeds);
        _h.Server.ProgressRefusal = (_, call) => call == 1 ? 400 : null;
        var assignment = _h.Server.Enqueue(Backup(15), EncryptedRule);

        var outcome = await Runner().RunAsync(assignment, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Single(_h.Server.Finished);
        Assert.Contains("WARN task 15: progress", File.ReadAllText(_h.Root.Paths.LogFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ModuleIgnoresSigterm_KilledAfterTheGracePeriod()
    {
        FakeModule.Write(_h.Root.ModulePath, FakeModule.IgnoresInterrupt);
        _h.Server.ProgressRefusal = (_, _) => 409;
        var assignment = _h.Server.Enqueue(Backup(10), EncryptedRule);
        var started = DateTimeOffset.UtcNow;

        var outcome = await Runner(RunnerHarness.Fast with { InterruptGrace = TimeSpan.FromSeconds(1) }).RunAsync(assignment, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(File.Exists(FakeModule.Marker(_h.Root.ModulePath)), "SIGTERM comes first");
        Assert.True(outcome.Refused);
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task RunAsync_ClientStops_ModuleInterruptedAndTaskReportedInterrupted()
    {
        FakeModule.Write(_h.Root.ModulePath, FakeModule.RunsUntilInterrupted);
        var assignment = _h.Server.Enqueue(Backup(11), EncryptedRule);
        using var stop = new CancellationTokenSource();

        var running = Runner().RunAsync(assignment, stop.Token);
        await WaitForAsync(() => !_h.Server.Progress.IsEmpty);
        await stop.CancelAsync();
        var outcome = await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(File.Exists(FakeModule.Marker(_h.Root.ModulePath)));
        var (_, report) = Assert.Single(_h.Server.Finished);
        Assert.Equal("interrupted: the client is stopping", report.Error);
        Assert.True(outcome.Reported);
    }

    [Fact]
    public async Task RunAsync_ServerGoneLongerThanTheLimit_ModuleStopped()
    {
        FakeModule.Write(_h.Root.ModulePath, FakeModule.RunsUntilInterrupted);
        var assignment = _h.Server.Enqueue(Backup(12), EncryptedRule);

        var running = Runner().RunAsync(assignment, CancellationToken.None);
        await WaitForAsync(() => !_h.Server.Progress.IsEmpty);
        await _h.Server.DisposeAsync();
        var outcome = await running.WaitAsync(TimeSpan.FromSeconds(40));

        Assert.True(File.Exists(FakeModule.Marker(_h.Root.ModulePath)), "the module must be stopped once the server stays unreachable");
        Assert.False(outcome.Reported);
        Assert.StartsWith("the server has not taken reports for", outcome.Error, StringComparison.Ordinal);
        _h.Server = await FakeServer.StartAsync();
    }

    /// <summary>Copies the file named by --signers beside itself with its mode and its folder's, then succeeds.</summary>
    private const string RecordsSigners = """
        signers=""; previous=""
        for argument in "$@"; do [ "$previous" = "--signers" ] && signers="$argument"; previous="$argument"; done
        cp "$signers" "$here/signers.copy"
        stat -c %a "$signers" "$(dirname "$signers")" > "$here/signers.modes"
        echo '{ "archive": "A1" }'
        exit 0
        """;

    [Fact]
    public async Task RunAsync_RestoreWithSigners_ModuleReadsA0600SignersFileThatIsGoneAfterItExits()
    {
        FakeModule.Write(_h.Root.ModulePath, RecordsSigners);
        var restore = new TaskInfo { Id = 21, Kind = TaskKind.Restore, State = TaskState.Assigned, ArchiveId = "A1", RestoreMode = RestoreMode.Deploy, Created = DateTimeOffset.UtcNow };
        var fingerprint = new string('a', 64);
        var assignment = _h.Server.Enqueue(restore) with
        {
            Signers = [new SignerEntry(fingerprint, "web-node", ClientStatus.Authorized), new SignerEntry(new string('b', 64), "new-node", ClientStatus.Unauthorized)],
        };

        var outcome = await Runner().RunAsync(assignment, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(outcome.Succeeded, outcome.Error);
        var arguments = FakeModule.Arguments(_h.Root.ModulePath);
        var signersFile = arguments[arguments.ToList().IndexOf("--signers") + 1];
        var here = Path.GetDirectoryName(_h.Root.ModulePath)!;
        Assert.Equal($"# RuBackup trusted signers: FINGERPRINT authorized|revoked CLIENT\n{fingerprint} authorized web-node\n", File.ReadAllText(Path.Combine(here, "signers.copy")));
        Assert.Equal(["600", "700"], File.ReadAllLines(Path.Combine(here, "signers.modes")));
        Assert.False(File.Exists(signersFile), $"{signersFile} is left after the module exited");
        Assert.False(Directory.Exists(Path.GetDirectoryName(signersFile)), "the signers file's private folder is left");
    }

    [Fact]
    public async Task RunAsync_ModuleMissing_TaskFinishedWithTheReason()
    {
        var assignment = _h.Server.Enqueue(Backup(13), EncryptedRule);

        var outcome = await Runner().RunAsync(assignment, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        var (_, report) = Assert.Single(_h.Server.Finished);
        Assert.StartsWith($"cannot start the module {_h.Root.ModulePath}", report.Error, StringComparison.Ordinal);
        Assert.False(outcome.Succeeded);
    }

    [Fact]
    public async Task PollOnceAsync_TaskWaiting_RunsIt()
    {
        FakeModule.Write(_h.Root.ModulePath, FakeModule.Succeeds);
        var runner = Runner();
        var loop = new TaskPollLoop(_h.Api, runner, RunnerHarness.Fast, _h.Log);
        _h.Server.Enqueue(Backup(14), EncryptedRule);

        var outcome = await loop.PollOnceAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        var none = await loop.PollOnceAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotNull(outcome);
        Assert.Equal("arch-42", outcome.ArchiveId);
        Assert.Null(none);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var until = DateTimeOffset.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTimeOffset.UtcNow < until, "timed out waiting");
            await Task.Delay(20);
        }
    }
}
