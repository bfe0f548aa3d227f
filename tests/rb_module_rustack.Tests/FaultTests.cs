namespace RuBackup.RustackModule.Tests;

/// <summary>What a fault run must look like: its exit, the words its messages must carry, when the cloud is clean again.</summary>
public static class FaultCase
{
    public static async Task RunAsync(ModuleRun run, string op, string mode, int count, int delayMs, bool completes, string[] messages, bool cleanAfterNextRun)
    {
        run.WriteConfig(FaultSupport.ShortTimeouts);
        await run.ClearFaultsAsync();
        Assert.Empty(await run.TemporaryLeftoversAsync());
        var repo = await run.NewRepoAsync();
        await run.FaultAsync(op, mode, count, delayMs);

        var result = await run.BackupAsync(repo);

        Assert.True(await run.ArmedFaultsAsync() == 0, $"the {op}:{mode} fault did not fire\n{result}");
        if (completes)
        {
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal(1, await run.ArchiveCountAsync(repo));
        }
        else
        {
            Assert.True(result.ExitCode != 0, result.ToString());
            Assert.Contains("rb_module_rustack: error: ", result.Stderr, StringComparison.Ordinal);
            Assert.Equal(0, await run.ArchiveCountAsync(repo));
        }
        foreach (var message in messages)
        {
            Assert.True(result.Stderr.Contains(message, StringComparison.Ordinal), $"'{message}' is not in the output\n{result}");
        }
        if (cleanAfterNextRun)
        {
            Assert.NotEmpty(await run.TemporaryLeftoversAsync());
            var next = await run.BackupAsync(repo);
            Assert.True(next.ExitCode == 0, next.ToString());
            Assert.Contains("leftovers of earlier runs", next.Stderr, StringComparison.Ordinal);
        }
        var leftovers = await run.TemporaryLeftoversAsync();
        Assert.True(leftovers.Count == 0, string.Join("\n", leftovers) + "\n" + result);
    }
}

/// <summary>Faults while the run builds its snapshots, volumes and attachments: one simulator, tests in sequence.</summary>
public sealed class CreateFaultTests(CloudFixture fixture) : IClassFixture<CloudFixture>
{
    [Theory]
    [InlineData("snapshot_create", "error", new[] { "error: wait for snapshot (snapshot ", " of volume ", "the cloud set status 'error'" })]
    [InlineData("volume_create", "error", new[] { "error: wait for volume from snapshot (volume ", " from snapshot ", "the cloud set status 'error'" })]
    [InlineData("volume_attach", "error", new[] { "error: wait for attachment (volume ", " to backup VM ", "the cloud set status 'error'" })]
    public Task Backup_CreateStepEndsInError_FailsNamingStepAndLeavesNothing(string op, string mode, string[] messages) =>
        FaultCase.RunAsync(fixture.Run, op, mode, 1, 0, completes: false, messages, cleanAfterNextRun: false);

    [Theory]
    [InlineData("snapshot_create", new[] { "error: create snapshot (snapshot of volume ", "HTTP 500" })]
    [InlineData("volume_create", new[] { "error: create volume (volume rubackup-tmp-", " from snapshot ", "HTTP 500" })]
    [InlineData("volume_attach", new[] { "error: attach volume (volume ", " to VM ", "HTTP 500" })]
    public Task Backup_CreateStepAnswers500PastRetries_FailsNamingStepAndLeavesNothing(string op, string[] messages) =>
        FaultCase.RunAsync(fixture.Run, op, "http500", 4, 0, completes: false, messages, cleanAfterNextRun: false);

}

/// <summary>Create steps that recover within the retries or answer slowly: the backup succeeds and leaves nothing.</summary>
public sealed class CreateRecoveryTests(CloudFixture fixture) : IClassFixture<CloudFixture>
{
    [Theory]
    [InlineData("snapshot_create", "http500", 2, 0)]
    [InlineData("volume_attach", "http500", 2, 0)]
    [InlineData("snapshot_create", "slow", 1, 1500)]
    [InlineData("volume_create", "slow", 1, 1500)]
    [InlineData("volume_attach", "slow", 1, 1500)]
    public Task Backup_CreateStepRecoversOrIsSlow_SucceedsAndLeavesNothing(string op, string mode, int count, int delayMs) =>
        FaultCase.RunAsync(fixture.Run, op, mode, count, delayMs, completes: true, [], cleanAfterNextRun: false);
}

/// <summary>Faults while the run removes what it made: the archive is complete, cleanup failures are warnings.</summary>
public sealed class CleanupFaultTests(CloudFixture fixture) : IClassFixture<CloudFixture>
{
    // With admin credentials (the default test config) the failed ordinary step falls back to the
    // admin actions, so everything is gone after the same run; the warning names what was forced and why.
    [Theory]
    [InlineData("volume_detach", "http500", 4, new[] { "warning: force-removing temporary volume ", "detach volume (volume ", " from VM ", "HTTP 500", "forced: os-force_delete volume " })]
    [InlineData("volume_delete", "http500", 4, new[] { "warning: force-removing temporary volume ", "delete volume (volume ", "HTTP 500", "forced: os-force_delete volume " })]
    [InlineData("volume_delete", "error", 1, new[] { "warning: force-removing temporary volume ", "wait for volume deletion (volume ", "'error_deleting'", "forced: os-force_delete volume " })]
    [InlineData("snapshot_delete", "http500", 4, new[] { "warning: force-removing temporary snapshot ", "delete snapshot (snapshot ", "HTTP 500", "forced: os-force_delete snapshot " })]
    [InlineData("snapshot_delete", "error", 1, new[] { "warning: force-removing temporary snapshot ", "wait for snapshot deletion (snapshot ", "'error_deleting'", "forced: os-force_delete snapshot " })]
    public Task Backup_CleanupStepFails_CompletesAndForceRemovesLeftoversInSameRun(string op, string mode, int count, string[] messages) =>
        FaultCase.RunAsync(fixture.Run, op, mode, count, 0, completes: true, messages, cleanAfterNextRun: false);

}

/// <summary>Cleanup steps that recover within the retries or answer slowly: the backup succeeds and leaves nothing.</summary>
public sealed class CleanupRecoveryTests(CloudFixture fixture) : IClassFixture<CloudFixture>
{
    [Theory]
    [InlineData("volume_detach", "http500", 2, 0)]
    [InlineData("volume_delete", "http500", 2, 0)]
    [InlineData("snapshot_delete", "http500", 2, 0)]
    [InlineData("volume_detach", "slow", 1, 1500)]
    [InlineData("volume_delete", "slow", 1, 1500)]
    [InlineData("snapshot_delete", "slow", 1, 1500)]
    public Task Backup_CleanupStepRecoversOrIsSlow_SucceedsAndLeavesNothing(string op, string mode, int count, int delayMs) =>
        FaultCase.RunAsync(fixture.Run, op, mode, count, delayMs, completes: true, [], cleanAfterNextRun: false);
}
