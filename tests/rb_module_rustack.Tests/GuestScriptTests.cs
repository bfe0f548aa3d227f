using System.Globalization;
using System.Text.Json.Nodes;

namespace RuBackup.RustackModule.Tests;

/// <summary>
/// The guest-script rule, proven by marker files the REAL qemu-guest-agent's child processes write
/// inside web-1's mount namespace (/opt/rubackup there is STATE/vms/web-1/guest/opt/rubackup here).
/// Each marker line is "WORD NANOSECONDS" from the guest's `date +%s%N`; the test reads the temporary
/// snapshots' and volumes' created_at from the Cinder API during the run, so "before" and "after"
/// are proven against the cloud's own clock: before &lt; every snapshot &lt;= after &lt;= every temporary volume.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class GuestScriptTests(CloudFixture fixture) : IClassFixture<CloudFixture>
{
    private const string GuestScripts = "/opt/rubackup/scripts";
    private readonly ModuleRun _run = fixture.Run;

    private string HostScripts => Path.Combine(_run.Sim.StateDir, "vms/web-1/guest/opt/rubackup/scripts");

    private string Markers => Path.Combine(HostScripts, "markers.log");

    [Fact]
    public async Task Backup_DefaultGuestScript_RunsBeforeAndAfterAroundTheSnapshots()
    {
        Prepare();
        WriteScript("rustack.sh", "echo \"$1 $(date +%s%N)\" >> " + GuestScripts + "/markers.log");
        var repo = await _run.NewRepoAsync();

        var (result, snapshots, volumes) = await BackupWatchingCloudAsync(repo);

        Assert.True(result.ExitCode == 0, result.ToString());
        var markers = ReadMarkers();
        Assert.Equal(["before", "after"], markers.Select(m => m.Word));
        Assert.Equal(2, snapshots.Count);
        Assert.Equal(2, volumes.Count);
        var (before, after) = (markers[0].Nanoseconds, markers[1].Nanoseconds);
        Assert.All(snapshots, s => Assert.True(before < s, $"before-script at {before} ns, snapshot created at {s} ns"));
        Assert.All(snapshots, s => Assert.True(s <= after, $"snapshot created at {s} ns, after-script at {after} ns"));
        Assert.All(volumes, v => Assert.True(after <= v, $"after-script at {after} ns, temporary volume created at {v} ns"));
        Assert.Empty(await _run.TemporaryLeftoversAsync());
    }

    [Fact]
    public async Task Backup_ConfiguredScripts_ReplaceTheDefaultScript()
    {
        Prepare();
        WriteScript("rustack.sh", "echo \"default-$1 $(date +%s%N)\" >> " + GuestScripts + "/markers.log");
        WriteScript("pre.sh", "echo \"pre $(date +%s%N)\" >> " + GuestScripts + "/markers.log");
        WriteScript("post.sh", "echo \"post $(date +%s%N)\" >> " + GuestScripts + "/markers.log");
        _run.WriteConfig(new Dictionary<string, string?>
        {
            ["script_before_snapshot"] = GuestScripts + "/pre.sh",
            ["script_after_snapshot"] = GuestScripts + "/post.sh",
        });
        var repo = await _run.NewRepoAsync();

        var result = await _run.BackupAsync(repo);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["pre", "post"], ReadMarkers().Select(m => m.Word));
        Assert.Empty(await _run.TemporaryLeftoversAsync());
    }

    [Fact]
    public async Task Backup_ScriptOptions_ReplaceConfiguredAndDefaultScripts()
    {
        Prepare();
        WriteScript("rustack.sh", "echo \"default-$1 $(date +%s%N)\" >> " + GuestScripts + "/markers.log");
        WriteScript("pre.sh", "echo \"pre $(date +%s%N)\" >> " + GuestScripts + "/markers.log");
        WriteScript("cli-pre.sh", "echo \"cli-pre $(date +%s%N)\" >> " + GuestScripts + "/markers.log");
        WriteScript("cli-post.sh", "echo \"cli-post $(date +%s%N)\" >> " + GuestScripts + "/markers.log");
        _run.WriteConfig(new Dictionary<string, string?> { ["script_before_snapshot"] = GuestScripts + "/pre.sh" });
        var repo = await _run.NewRepoAsync();

        var result = await _run.BackupAsync(repo, "--script-before", GuestScripts + "/cli-pre.sh", "--script-after", GuestScripts + "/cli-post.sh");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["cli-pre", "cli-post"], ReadMarkers().Select(m => m.Word));
    }

    [Fact]
    public async Task Backup_BeforeScriptFails_FailsNamingTheStepAndLeavesNothing()
    {
        Prepare();
        WriteScript("rustack.sh", "echo \"default-$1 $(date +%s%N)\" >> " + GuestScripts + "/markers.log");
        WriteScript("fail.sh", "echo \"fail $(date +%s%N)\" >> " + GuestScripts + "/markers.log\necho 'database will not quiesce' >&2\nexit 1");
        _run.WriteConfig(new Dictionary<string, string?> { ["script_before_snapshot"] = GuestScripts + "/fail.sh" });
        var repo = await _run.NewRepoAsync();

        var (result, snapshots, volumes) = await BackupWatchingCloudAsync(repo);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("guest script before snapshot", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(GuestScripts + "/fail.sh", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("exited with 1", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("database will not quiesce", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(["fail"], ReadMarkers().Select(m => m.Word));
        Assert.Empty(snapshots);
        Assert.Empty(volumes);
        Assert.Equal(0, await _run.ArchiveCountAsync(repo));
        Assert.Empty(await _run.TemporaryLeftoversAsync());
    }

    [Fact]
    public async Task Backup_NoAdminCredentials_SkipsScriptsWithWarningAndSucceeds()
    {
        Prepare();
        WriteScript("rustack.sh", "echo \"default-$1 $(date +%s%N)\" >> " + GuestScripts + "/markers.log");
        _run.WriteConfig(new Dictionary<string, string?> { ["admin_name"] = null, ["admin_password"] = null });
        var repo = await _run.NewRepoAsync();

        var result = await _run.BackupAsync(repo);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("warning", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("rustack.sh is not run: admin_name and admin_password are not configured", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Markers), "a guest script ran without admin credentials");
        Assert.Equal(1, await _run.ArchiveCountAsync(repo));
        Assert.Empty(await _run.TemporaryLeftoversAsync());
    }

    private void Prepare()
    {
        _run.WriteConfig();
        foreach (var file in Directory.GetFiles(HostScripts))
        {
            File.Delete(file);
        }
    }

    private void WriteScript(string name, string body)
    {
        var path = Path.Combine(HostScripts, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    private List<(string Word, long Nanoseconds)> ReadMarkers() =>
        !File.Exists(Markers) ? [] : [.. File.ReadAllLines(Markers).Where(l => l.Length > 0).Select(l => l.Split(' ')).Select(p => (p[0], long.Parse(p[1], CultureInfo.InvariantCulture)))];

    /// <summary>Runs the backup while reading the temporary snapshots' and volumes' created_at from the Cinder API.</summary>
    private async Task<(ProcessResult Result, IReadOnlyCollection<long> Snapshots, IReadOnlyCollection<long> Volumes)> BackupWatchingCloudAsync(string repo)
    {
        var token = await _run.Sim.TokenAsync();
        var snapshots = new Dictionary<string, long>();
        var volumes = new Dictionary<string, long>();
        var backup = _run.BackupAsync(repo);
        while (!backup.IsCompleted)
        {
            Collect(await _run.Sim.SendAsync(HttpMethod.Get, _run.Sim.Snapshots + "/detail", token), "snapshots", snapshots);
            Collect(await _run.Sim.SendAsync(HttpMethod.Get, _run.Sim.Volumes + "/detail", token), "volumes", volumes);
            await Task.WhenAny(backup, Task.Delay(20));
        }
        return (await backup, snapshots.Values, volumes.Values);
    }

    private static void Collect((int Status, JsonNode? Body) answer, string kind, Dictionary<string, long> seen)
    {
        Assert.Equal(200, answer.Status);
        foreach (var item in answer.Body![kind]!.AsArray())
        {
            if (item!["name"]?.GetValue<string>().StartsWith("rubackup-tmp-", StringComparison.Ordinal) == true)
            {
                var created = DateTime.Parse(item["created_at"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
                seen[item["id"]!.GetValue<string>()] = (created - DateTime.UnixEpoch).Ticks * 100;
            }
        }
    }
}
