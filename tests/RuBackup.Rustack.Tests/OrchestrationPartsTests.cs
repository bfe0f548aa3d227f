using Microsoft.Extensions.Time.Testing;
using RuBackup.Rustack.Backup;
using RuBackup.Rustack.Cloud;
using RuBackup.Rustack.Config;
using RuBackup.Rustack.Restore;

namespace RuBackup.Rustack.Tests;

public class OrchestrationPartsTests
{
    [Theory]
    [InlineData(new string[0], "web-1")]
    [InlineData(new[] { "db-1" }, "web-1")]
    [InlineData(new[] { "web-1" }, "web-1-1")]
    [InlineData(new[] { "web-1", "web-1-1", "web-1-3" }, "web-1-2")]
    public void FreeName_TakenNames_PicksOriginalOrSmallestPostfix(string[] existing, string expected)
    {
        Assert.Equal(expected, VmNaming.FreeName("web-1", existing));
    }

    [Fact]
    public async Task CleanupStack_RunsLastInFirstOutAndContinuesAfterFailure()
    {
        var order = new List<string>();
        var stack = new CleanupStack();
        stack.Push("delete snapshot", _ => { order.Add("snapshot"); return Task.CompletedTask; });
        stack.Push("delete volume", _ => throw new CloudException("delete volume (volume v): HTTP 400: busy"));
        stack.Push("detach", _ => { order.Add("detach"); return Task.CompletedTask; });
        var failures = await stack.RunAsync(TimeSpan.FromMinutes(1), ModuleLog.Silent);
        Assert.Equal(["detach", "snapshot"], order);
        Assert.Equal("cleanup: delete volume: delete volume (volume v): HTTP 400: busy", Assert.Single(failures));
        Assert.Equal(0, stack.Count);
    }

    private sealed record Item(string Status);

    [Fact]
    public async Task StatusWaiter_StatusNeverReached_FailsNamingTimeoutKey()
    {
        var time = new FakeTimeProvider();
        var waiter = new StatusWaiter(time, TimeSpan.FromSeconds(2));
        var wait = waiter.UntilAsync(_ => Task.FromResult<Item?>(new Item("creating")), i => i.Status, "available", TimeSpan.FromSeconds(10),
            "snapshot_creation_timeout", "wait for snapshot", "snapshot s-1 of volume v-1", CancellationToken.None);
        for (var i = 0; i < 10 && !wait.IsCompleted; i++)
        {
            await Task.Yield();
            time.Advance(TimeSpan.FromSeconds(2));
            await Task.Delay(1);
        }
        var error = await Assert.ThrowsAsync<CloudException>(() => wait);
        Assert.Equal("wait for snapshot (snapshot s-1 of volume v-1): still 'creating' after 10 s, not 'available' (snapshot_creation_timeout)", error.Message);
    }

    [Fact]
    public async Task StatusWaiter_ErrorStatus_FailsAtOnce()
    {
        var waiter = new StatusWaiter(new FakeTimeProvider(), TimeSpan.FromSeconds(2));
        var error = await Assert.ThrowsAsync<CloudException>(() => waiter.UntilAsync(_ => Task.FromResult<Item?>(new Item("error")), i => i.Status, "available",
            TimeSpan.FromSeconds(10), "volume_creation_timeout", "wait for volume", "volume v-2", CancellationToken.None));
        Assert.Equal("wait for volume (volume v-2): the cloud set status 'error'", error.Message);
    }

    [Fact]
    public void DeviceLocator_LongVolumeId_UsesFirst20Characters()
    {
        Assert.Equal("/dev/disk/by-id/virtio-0123456789abcdef0123", DeviceLocator.PathOf("/dev/disk/by-id", "0123456789abcdef01234567-89ab"));
    }

    [Fact]
    public void TemporaryResources_MarksAndRecognisesOwnResources()
    {
        var metadata = TemporaryResources.Metadata("run-1", "s-1");
        Assert.True(TemporaryResources.IsTemporary(TemporaryResources.Name("run-1", "snap", "v-1"), metadata));
        Assert.False(TemporaryResources.IsTemporary("user-volume", metadata));
        Assert.False(TemporaryResources.IsTemporary("rubackup-tmp-x", new Dictionary<string, string>()));
        Assert.Equal("run-1", TemporaryResources.RunOf(metadata));
    }

    [Fact]
    public void RunRegistry_LockHeld_IsAliveUntilDisposed()
    {
        using var temp = new TempFolder();
        var runs = new RunRegistry(temp.Path);
        Assert.False(runs.IsAlive("r1"));
        var held = runs.Register("r1");
        Assert.True(runs.IsAlive("r1"));
        held.Dispose();
        Assert.False(runs.IsAlive("r1"));
    }

    private sealed class FakeVirsh(Func<string, ProcessResult> answer) : IProcessRunner
    {
        public List<IReadOnlyList<string>> Calls { get; } = [];

        public Task<ProcessResult> RunAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
        {
            Calls.Add(arguments);
            return Task.FromResult(answer(arguments[^1]));
        }
    }

    private static ProcessResult Ok(string json) => new(0, json, "");

    private static Func<string, ProcessResult> Guest(int probeExit, int scriptExit) => command =>
        command.Contains("guest-exec-status", StringComparison.Ordinal)
            ? Ok(command.Contains("\"pid\":1", StringComparison.Ordinal)
                ? "{\"return\": {\"exited\": true, \"exitcode\": " + probeExit + "}}"
                : "{\"return\": {\"exited\": true, \"exitcode\": " + scriptExit + ", \"err-data\": \"" + Convert.ToBase64String("db busy\n"u8.ToArray()) + "\"}}")
            : Ok(command.Contains("/bin/sh", StringComparison.Ordinal) ? """{"return": {"pid": 1}}""" : """{"return": {"pid": 2}}""");

    private static RustackConfig Config(HypervisorProtocol protocol = HypervisorProtocol.Ssh) => new() { File = "t.conf", Protocol = protocol, Virsh = "/sim/virsh" };

    [Fact]
    public async Task GuestScripts_NoneConfiguredDefaultExecutable_RunsRustackShWithPhase()
    {
        var virsh = new FakeVirsh(Guest(0, 0));
        var agent = new GuestAgent(Config(), virsh, new FakeTimeProvider(), "node-1", "instance-1");
        Assert.True(await new GuestScripts(agent, null, null, ModuleLog.Silent).RunAsync(ScriptPhase.Before, CancellationToken.None));
        Assert.Equal(["-c", "qemu+ssh://node-1/system", "qemu-agent-command", "instance-1"], virsh.Calls[0].Take(4));
        Assert.Contains(virsh.Calls, c => c[^1].Contains("\"path\":\"/opt/rubackup/scripts/rustack.sh\",\"arg\":[\"before\"]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GuestScripts_DefaultMissing_RunsNothing()
    {
        var virsh = new FakeVirsh(Guest(1, 0));
        var agent = new GuestAgent(Config(HypervisorProtocol.Tcp), virsh, new FakeTimeProvider(), "node-1", "instance-1");
        Assert.False(await new GuestScripts(agent, null, null, ModuleLog.Silent).RunAsync(ScriptPhase.After, CancellationToken.None));
        Assert.Equal("qemu+tcp://node-1/system", virsh.Calls[0][1]);
        Assert.DoesNotContain(virsh.Calls, c => c[^1].Contains("rustack.sh\",", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GuestScripts_DefaultButAgentUnreachable_WarnsAndRunsNothing()
    {
        var virsh = new FakeVirsh(_ => new ProcessResult(1, "", "error: failed to get domain 'instance-1'"));
        var agent = new GuestAgent(Config(), virsh, new FakeTimeProvider(), "node-1", "instance-1");
        var log = new ModuleLog(_ => { });
        var scripts = new GuestScripts(agent, null, null, log);

        Assert.False(await scripts.RunAsync(ScriptPhase.Before, CancellationToken.None));
        Assert.False(await scripts.RunAsync(ScriptPhase.After, CancellationToken.None));

        Assert.Contains("crash-consistent", Assert.Single(log.Warnings), StringComparison.Ordinal);
        Assert.Single(virsh.Calls);
    }

    [Fact]
    public async Task GuestScripts_ConfiguredButAgentUnreachable_Throws()
    {
        var virsh = new FakeVirsh(_ => new ProcessResult(1, "", "error: failed to get domain 'instance-1'"));
        var agent = new GuestAgent(Config(), virsh, new FakeTimeProvider(), "node-1", "instance-1");
        await Assert.ThrowsAsync<GuestAgentException>(() => new GuestScripts(agent, "/opt/freeze.sh", null, ModuleLog.Silent).RunAsync(ScriptPhase.Before, CancellationToken.None));
    }

    [Fact]
    public async Task GuestScripts_ConfiguredScriptFails_ThrowsWithExitCodeAndStderr()
    {
        var virsh = new FakeVirsh(Guest(0, 3));
        var agent = new GuestAgent(Config(), virsh, new FakeTimeProvider(), "node-1", "instance-1");
        var error = await Assert.ThrowsAsync<GuestAgentException>(() => new GuestScripts(agent, "/opt/freeze.sh", null, ModuleLog.Silent).RunAsync(ScriptPhase.Before, CancellationToken.None));
        Assert.Equal("guest script before snapshot (/opt/freeze.sh) exited with 3: db busy", error.Message);
    }

    [Fact]
    public async Task GuestScripts_OnlyBeforeConfigured_AfterRunsNothing()
    {
        var virsh = new FakeVirsh(Guest(0, 0));
        var agent = new GuestAgent(Config(), virsh, new FakeTimeProvider(), "node-1", "instance-1");
        Assert.False(await new GuestScripts(agent, "/opt/freeze.sh", null, ModuleLog.Silent).RunAsync(ScriptPhase.After, CancellationToken.None));
        Assert.Empty(virsh.Calls);
    }
}
