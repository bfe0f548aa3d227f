using System.Diagnostics;
using System.Text.Json.Nodes;

namespace RuBackup.RustackSim.Tests;

[Collection("sim")]
public sealed class GuestAgentTests(SharedSim shared)
{
    private readonly SimProcess _sim = shared.Sim;

    private async Task<(int Code, string Out, string Err)> VirshAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(SimProcess.VirshDll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["RUSTACK_SIM_STATE"] = _sim.StateDir;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, stderr);
    }

    private async Task<(string Host, string Instance)> InstanceAsync(string name)
    {
        var (_, state) = await _sim.SendAsync(HttpMethod.Get, "/sim/state", "");
        var server = state!["servers"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == name)!;
        return (server["host"]!.GetValue<string>(), server["instance_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task VirshGuestExec_WritesMarker_InGuestFolderNotOnHost()
    {
        var (host, instance) = await InstanceAsync("web-1");
        var marker = Path.Combine(_sim.StateDir, "vms", "web-1", "guest", "opt", "rubackup", "marker");
        var hostHadMarker = File.Exists("/opt/rubackup/marker");
        var exec = await VirshAsync("-c", $"qemu+ssh://{host}/system", "qemu-agent-command", instance,
            """{"execute":"guest-exec","arguments":{"path":"/bin/sh","arg":["-c","echo hi > /opt/rubackup/marker"],"capture-output":true}}""", "--timeout", "10");
        Assert.True(exec.Code == 0, exec.Err);
        var pid = JsonNode.Parse(exec.Out)!["return"]!["pid"]!.GetValue<int>();
        for (var i = 0; i < 100; i++)
        {
            var status = await VirshAsync("-c", $"qemu+tcp://{host}/system", "qemu-agent-command", instance,
                "{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":" + pid + "}}");
            if (JsonNode.Parse(status.Out)!["return"]!["exited"]!.GetValue<bool>())
            {
                break;
            }
            await Task.Delay(50);
        }
        Assert.Equal("hi\n", await File.ReadAllTextAsync(marker));
        Assert.Equal(hostHadMarker, File.Exists("/opt/rubackup/marker"));
    }

    [Fact]
    public async Task VirshFsfreeze_AnyVm_RefusedWithExit1()
    {
        var (host, instance) = await InstanceAsync("db-1");
        var freeze = await VirshAsync("-c", $"qemu+ssh://{host}/system", "qemu-agent-command", instance, """{"execute":"guest-fsfreeze-freeze"}""");
        Assert.Equal(1, freeze.Code);
        Assert.StartsWith("error:", freeze.Err, StringComparison.Ordinal);
        var ping = await VirshAsync("-c", $"qemu+ssh://{host}/system", "qemu-agent-command", instance, """{"execute":"guest-ping"}""");
        Assert.True(ping.Code == 0, ping.Err);
    }
}
