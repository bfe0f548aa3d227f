namespace RuBackup.RustackModule.Tests;

/// <summary>
/// Stuck resources (the simulator's `stuck` keeps them in their transitional status forever, and
/// `error` on detach leaves an attached volume in `error`): Cinder refuses to delete or detach them
/// until an operator resets their status, so no run can remove them. What the module must do: give
/// up after the configured timeout naming step, resource and timeout key, remove everything else,
/// and not let that leftover fail later backups (the next run warns and succeeds).
/// Each test has its own simulator, because its stuck leftover never goes away.
/// </summary>
public sealed class StuckCreateFaultTests
{
    [Theory]
    [InlineData("snapshot_create", "stuck", false, "snapshots", "creating", false, new[] { "error: wait for snapshot (snapshot ", "still 'creating' after 3 s", "(snapshot_creation_timeout)" })]
    [InlineData("volume_create", "stuck", false, "volumes", "creating", false, new[] { "error: wait for volume from snapshot (volume ", "still 'creating' after 3 s", "(volume_creation_timeout)" })]
    [InlineData("volume_attach", "stuck", false, "volumes", "attaching", true, new[] { "error: wait for attachment (volume ", " to backup VM ", "(volume_attachment_timeout)" })]
    public Task Backup_CreateStepStuck_FailsNamingTimeoutKeyLeavesOnlyItAndNextRunSucceeds(
        string op, string mode, bool completes, string kind, string status, bool attached, string[] messages) =>
        StuckFault.RunAsync(op, mode, completes, kind, status, attached, messages);
}

/// <summary>Stuck or failed detach and deletes: the archive is complete; the stuck resource alone remains.</summary>
public sealed class StuckCleanupFaultTests
{
    [Theory]
    [InlineData("volume_detach", "stuck", true, "volumes", "detaching", true, new[] { "warning: cleanup: detach volume ", "wait for detach (volume ", "(volume_attachment_timeout)" })]
    [InlineData("volume_detach", "error", true, "volumes", "error", true, new[] { "warning: cleanup: detach volume ", "wait for detach (volume ", "the cloud set status 'error'" })]
    [InlineData("volume_delete", "stuck", true, "volumes", "deleting", false, new[] { "warning: cleanup: delete volume ", "wait for volume deletion (volume ", "still 'deleting' after 3 s" })]
    [InlineData("snapshot_delete", "stuck", true, "snapshots", "deleting", false, new[] { "warning: cleanup: delete snapshot ", "wait for snapshot deletion (snapshot ", "still 'deleting' after 3 s" })]
    public Task Backup_CleanupStepStuck_CompletesWithWarningLeavesOnlyItAndNextRunSucceeds(
        string op, string mode, bool completes, string kind, string status, bool attached, string[] messages) =>
        StuckFault.RunAsync(op, mode, completes, kind, status, attached, messages);
}

internal static class StuckFault
{
    public static async Task RunAsync(string op, string mode, bool completes, string kind, string status, bool attached, string[] messages)
    {
        using var run = new ModuleRun();
        run.WriteConfig(FaultSupport.ShortTimeouts);
        var repo = await run.NewRepoAsync();
        await run.FaultAsync(op, mode);

        var result = await run.BackupAsync(repo);

        Assert.True(await run.ArmedFaultsAsync() == 0, $"the {op}:{mode} fault did not fire\n{result}");
        Assert.True((result.ExitCode == 0) == completes, result.ToString());
        Assert.Equal(completes ? 1 : 0, await run.ArchiveCountAsync(repo));
        foreach (var message in messages)
        {
            Assert.True(result.Stderr.Contains(message, StringComparison.Ordinal), $"'{message}' is not in the output\n{result}");
        }
        await AssertOnlyTheStuckResourceLeftAsync(run, kind, status, attached, result);

        var next = await run.BackupAsync(repo);

        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Contains("cannot be removed", next.Stderr, StringComparison.Ordinal);
        Assert.Contains($"status {status})", next.Stderr, StringComparison.Ordinal);
        Assert.Equal(completes ? 2 : 1, await run.ArchiveCountAsync(repo));
        await AssertOnlyTheStuckResourceLeftAsync(run, kind, status, attached, next);
    }

    private static async Task AssertOnlyTheStuckResourceLeftAsync(ModuleRun run, string kind, string status, bool attached, ProcessResult result)
    {
        var state = await run.CloudStateAsync();
        var leftovers = await run.TemporaryLeftoversAsync();
        var detail = string.Join("\n", leftovers) + "\n" + result;
        Assert.True(FaultSupport.CountTemporary(state, kind, status) == 1, detail);
        Assert.True(leftovers.Count == (attached ? 2 : 1), detail);
        Assert.Equal(attached ? 1 : 0, (await run.BackupVmAttachmentsAsync()).Count);
    }
}
