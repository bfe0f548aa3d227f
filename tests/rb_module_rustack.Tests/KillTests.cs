using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace RuBackup.RustackModule.Tests;

/// <summary>
/// A backup process that dies (SIGKILL: no cleanup runs) leaves marked temporary resources; the next
/// run sees that their run holds no lock any more and removes them before it backs up. SIGINT
/// (Ctrl-C) and SIGTERM are different: the module cancels and cleans up by itself before it exits.
/// </summary>
public sealed class KillTests(CloudFixture fixture) : IClassFixture<CloudFixture>
{
    private readonly ModuleRun _run = fixture.Run;

    public static bool SnapshotExists(JsonNode state) => FaultSupport.CountTemporary(state, "snapshots") > 0;

    public static bool VolumeAttached(JsonNode state) => FaultSupport.CountTemporary(state, "volumes", "in-use") > 0;

    [Theory]
    [InlineData(nameof(SnapshotExists))]
    [InlineData(nameof(VolumeAttached))]
    public async Task Backup_KilledWithSigkill_NextRunRemovesLeftoversAndSucceeds(string point)
    {
        Func<JsonNode, bool> reached = point == nameof(SnapshotExists) ? SnapshotExists : VolumeAttached;
        _run.WriteConfig();
        Assert.Empty(await _run.TemporaryLeftoversAsync());
        var repo = await _run.NewRepoAsync();
        await HoldEachCloneAsync();

        using (var process = _run.StartModule("-b", "web-1", "--repo", repo, "--type", "full"))
        {
            var output = DrainAsync(process);
            Assert.True(await _run.WaitForStateAsync(reached, TimeSpan.FromSeconds(60)), $"the backup never reached '{point}'");
            process.Kill();
            await process.WaitForExitAsync();
            await output;
        }
        await _run.ClearFaultsAsync();
        var left = await _run.TemporaryLeftoversAsync();
        Assert.NotEmpty(left);
        if (point == nameof(VolumeAttached))
        {
            Assert.NotEmpty(await _run.BackupVmAttachmentsAsync());
        }

        var next = await _run.BackupAsync(repo);

        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Contains("leftovers of earlier runs", next.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, await _run.ArchiveCountAsync(repo));
        var leftovers = await _run.TemporaryLeftoversAsync();
        Assert.True(leftovers.Count == 0, string.Join("\n", leftovers) + "\nleft by the killed run:\n" + string.Join("\n", left) + "\n" + next);
    }

    // INT is Ctrl-C at a terminal; TERM is how the client daemon stops a module it runs.
    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task Backup_InterruptedWithSignal_CleansUpBeforeExiting(string signal)
    {
        _run.WriteConfig();
        Assert.Empty(await _run.TemporaryLeftoversAsync());
        var repo = await _run.NewRepoAsync();
        await HoldEachCloneAsync();

        using var process = _run.StartModule("-b", "web-1", "--repo", repo, "--type", "full");
        var output = DrainAsync(process);
        Assert.True(await _run.WaitForStateAsync(VolumeAttached, TimeSpan.FromSeconds(60)), "the backup never attached a volume");
        Assert.NotEmpty(await _run.TemporaryLeftoversAsync());
        using (var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        await process.WaitForExitAsync();
        var (stdout, stderr) = await output;
        await _run.ClearFaultsAsync();

        Assert.True(process.ExitCode != 0, $"exit {process.ExitCode}\n{stdout}\n{stderr}");
        Assert.Contains("cancelled", stderr, StringComparison.Ordinal);
        Assert.Contains("cleanup: detach volume ", stderr, StringComparison.Ordinal);
        Assert.Equal(0, await _run.ArchiveCountAsync(repo));
        var leftovers = await _run.TemporaryLeftoversAsync();
        Assert.True(leftovers.Count == 0, string.Join("\n", leftovers) + "\n" + stderr);
    }

    /// <summary>
    /// Each volume-from-snapshot request answers after <see cref="HoldMs"/>, so the run is still
    /// working (cloning the second disk) when the signal comes: without it a small VM could be backed
    /// up completely between the poll that saw the state and the signal.
    /// </summary>
    private async Task HoldEachCloneAsync()
    {
        await _run.ClearFaultsAsync();
        await _run.FaultAsync("volume_create", "slow", count: 2, delayMs: HoldMs);
    }

    private const int HoldMs = 3000;

    private static async Task<(string Stdout, string Stderr)> DrainAsync(Process process)
    {
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        return (await stdout, await stderr);
    }
}
