namespace RuBackup.RustackModule.Tests;

/// <summary>
/// Stuck resources (the simulator's `stuck` keeps them in their transitional status forever, and
/// `error` on detach leaves an attached volume in `error`): Cinder refuses ordinary deletes and
/// detaches of them. With admin credentials (the default test config) the run's own cleanup, after
/// the ordinary step failed or timed out, force-removes them (os-force_detach, os-reset_status,
/// os-force_delete): every case ends with no temporary leftover after the same run.
/// Each test has its own simulator.
/// </summary>
public sealed class StuckCreateFaultTests
{
    [Theory]
    [InlineData("snapshot_create", "stuck", "snapshot", new[] { "error: wait for snapshot (snapshot ", "still 'creating' after 3 s", "(snapshot_creation_timeout)" })]
    [InlineData("volume_create", "stuck", "volume", new[] { "error: wait for volume from snapshot (volume ", "still 'creating' after 3 s", "(volume_creation_timeout)" })]
    [InlineData("volume_attach", "stuck", "volume", new[] { "error: wait for attachment (volume ", " to backup VM ", "(volume_attachment_timeout)" })]
    public Task Backup_CreateStepStuck_FailsNamingTimeoutKeyAndForceRemovesAllInSameRun(string op, string mode, string forced, string[] messages) =>
        StuckFault.ForcedInSameRunAsync(op, mode, completes: false, forced, messages);
}

/// <summary>Stuck or failed detach and deletes: the archive is complete and the stuck resource is forced away in the same run.</summary>
public sealed class StuckCleanupFaultTests
{
    [Theory]
    [InlineData("volume_detach", "stuck", "volume", new[] { "wait for detach (volume ", "(volume_attachment_timeout)" })]
    [InlineData("volume_detach", "error", "volume", new[] { "wait for detach (volume ", "the cloud set status 'error'" })]
    [InlineData("volume_delete", "stuck", "volume", new[] { "wait for volume deletion (volume ", "still 'deleting' after 3 s" })]
    [InlineData("snapshot_delete", "stuck", "snapshot", new[] { "wait for snapshot deletion (snapshot ", "still 'deleting' after 3 s" })]
    public Task Backup_CleanupStepStuck_CompletesAndForceRemovesAllInSameRun(string op, string mode, string forced, string[] messages) =>
        StuckFault.ForcedInSameRunAsync(op, mode, completes: true, forced, messages);
}

/// <summary>
/// Without admin credentials the stuck resource cannot be forced: only it remains, later runs warn
/// (naming it and the missing admin credentials) and succeed; once admin credentials are configured,
/// the next run's sweeper force-removes the leftover at once (it is already older than its timeout).
/// </summary>
public sealed class StuckNoAdminFaultTests
{
    [Fact]
    public async Task Backup_VolumeDeleteStuckWithoutAdmin_LeavesOnlyItWarnsThenSweeperForcesItOnceAdminConfigured()
    {
        using var run = new ModuleRun();
        run.WriteConfig(FaultSupport.ShortTimeouts.With(("admin_name", null), ("admin_password", null)));
        var repo = await run.NewRepoAsync();
        await run.FaultAsync("volume_delete", "stuck");

        var first = await run.BackupAsync(repo);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.DoesNotContain("force-removing", first.Stderr, StringComparison.Ordinal);
        Assert.Contains("stuck ones need admin credentials (admin_name, admin_password) to be force-removed", first.Stderr, StringComparison.Ordinal);
        var leftovers = await run.TemporaryLeftoversAsync();
        Assert.True(leftovers.Count == 1 && FaultSupport.CountTemporary(await run.CloudStateAsync(), "volumes", "deleting") == 1, string.Join("\n", leftovers) + "\n" + first);
        var stuckId = (await run.TemporaryAsync("volumes")).Single()["id"]!.GetValue<string>();

        var second = await run.BackupAsync(repo);

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains($"leftover volume {stuckId} (", second.Stderr, StringComparison.Ordinal);
        Assert.Contains("status deleting) of a dead run cannot be removed", second.Stderr, StringComparison.Ordinal);
        Assert.Contains("admin credentials (admin_name, admin_password) are needed to force-remove it", second.Stderr, StringComparison.Ordinal);
        Assert.Single(await run.TemporaryLeftoversAsync());

        run.WriteConfig(FaultSupport.ShortTimeouts);
        var third = await run.BackupAsync(repo);

        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.Contains($"force-removing temporary volume {stuckId} (", third.Stderr, StringComparison.Ordinal);
        Assert.Contains("leftover stuck in status 'deleting'", third.Stderr, StringComparison.Ordinal);
        Assert.Contains($"forced: os-force_delete volume {stuckId}", third.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot be removed", third.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, await run.ArchiveCountAsync(repo));
        var after = await run.TemporaryLeftoversAsync();
        Assert.True(after.Count == 0, string.Join("\n", after) + "\n" + third);
    }
}

internal static class StuckFault
{
    public static async Task ForcedInSameRunAsync(string op, string mode, bool completes, string forced, string[] messages)
    {
        using var run = new ModuleRun();
        run.WriteConfig(FaultSupport.ShortTimeouts);
        var repo = await run.NewRepoAsync();
        await run.FaultAsync(op, mode);

        var result = await run.BackupAsync(repo);

        Assert.True(await run.ArmedFaultsAsync() == 0, $"the {op}:{mode} fault did not fire\n{result}");
        Assert.True((result.ExitCode == 0) == completes, result.ToString());
        Assert.Equal(completes ? 1 : 0, await run.ArchiveCountAsync(repo));
        foreach (var message in messages.Append($"warning: force-removing temporary {forced} ").Append($"forced: os-force_delete {forced} "))
        {
            Assert.True(result.Stderr.Contains(message, StringComparison.Ordinal), $"'{message}' is not in the output\n{result}");
        }
        var leftovers = await run.TemporaryLeftoversAsync();
        Assert.True(leftovers.Count == 0, string.Join("\n", leftovers) + "\n" + result);
        Assert.Empty(await run.BackupVmAttachmentsAsync());
    }
}
