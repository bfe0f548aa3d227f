using System.Text.Json.Nodes;
using RuBackup.Api;

namespace RuBackup.EndToEnd.Tests;

/// <summary>
/// ACCEPTANCE 7: two clients in one cluster group, each with its own backup VM. The member running a
/// group backup dies (SIGKILL to the daemon and its module: nothing cleans up) while data flows; its
/// lease runs out, the task ends in "lease lost", the other member runs the retry, first removing the
/// dead run's snapshots, volumes and attachment to the dead member's backup VM, and the archive
/// restores byte for byte.
/// </summary>
public abstract class ClusterFailoverTests(CatalogKind catalog)
{
    [Fact]
    public async Task KillMember_DuringGroupBackup_LeaseLostRetryOnOtherMemberCleansAndRestoresEqual()
    {
        var vms = Path.Combine(Path.GetTempPath(), $"rb-e2e-vms-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(vms, TwoBackupVmsCloud());
        try
        {
            await using var run = await SystemRun.StartAsync(catalog, ["--task-lease", "6s", "--schedule-interval", "1s"], "--vms", vms);
            await run.AddPoolAsync("dedup", PoolKind.Dedup);
            var backupVms = new[] { await run.VmIdAsync("rubackup-vm"), await run.VmIdAsync("rubackup-vm-2") };
            var members = new Dictionary<string, ClientProcess>(StringComparer.Ordinal);
            foreach (var (name, vm) in new[] { ("node-1", backupVms[0]), ("node-2", backupVms[1]) })
            {
                var (process, info) = await run.AddClientAsync(name, backupVmId: vm);
                await run.Admin.UpdateClientAsync(info.Id, new UpdateClientRequest("cluster1"));
                members[name] = process;
            }
            var rule = await run.Admin.CreateRuleAsync(new RuleSettings
            {
                Name = "cluster1-big-1",
                ClientGroup = "cluster1",
                Resource = await run.VmIdAsync("big-1"),
                ResourceName = "big-1",
                Pool = "dedup",
                BackupType = BackupKind.Full,
                Schedule = "0 3 * * *",
                Encryption = "nocrypt",
                EnableAfterCreation = false,
            });
            var lost = await run.Admin.RunRuleAsync(rule.Id);

            var streaming = await SystemRun.EventuallyAsync(async () => (await run.Admin.GetTaskAsync(lost.Id)) is { BytesDone: > 0, ClientName: not null } t ? t : null,
                "the group backup to send data", () => string.Join("\n", members.Values.Select(m => m.Output)));
            var dead = members[streaming.ClientName!];
            var survivor = members.Values.Single(m => m != dead);
            dead.Crash();

            var ended = await run.WaitTaskAsync(lost.Id, expectDone: false, TimeSpan.FromMinutes(1));
            Assert.Equal(TaskState.Error, ended.State);
            Assert.StartsWith($"lease lost: client {dead.Name} sent no heartbeat for ", ended.Error, StringComparison.Ordinal);
            var retry = await SystemRun.EventuallyAsync(async () => (await run.Admin.ListTasksAsync()).FirstOrDefault(t => t.CleansTaskId == lost.Id),
                "a retry of the lost backup");
            Assert.Equal((2, rule.Id), (retry.Attempt, retry.RuleId));
            var done = await run.WaitTaskAsync(retry.Id);
            Assert.Equal(survivor.Name, done.ClientName);
            var log = await run.Admin.GetTaskLogAsync(done.Id);
            Assert.Contains(log, l => l.Message.Contains($"task {lost.Id}", StringComparison.Ordinal) && l.Message.Contains("removing leftover", StringComparison.Ordinal));

            // Nothing of the dead run is left: no temporary snapshot or volume, no extra attachment to either backup VM.
            Assert.Empty(await CloudDisks.TemporaryLeftoversAsync(run.Sim));
            var state = await CloudDisks.StateAsync(run.Sim);
            var ownDisks = state["volumes"]!.AsArray().Where(v => v!["name"]!.GetValue<string>().StartsWith("rubackup-vm", StringComparison.Ordinal))
                .Select(v => v!["id"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            var extra = state["attachments"]!.AsArray()
                .Where(a => backupVms.Contains(a!["server_id"]!.GetValue<string>()) && !ownDisks.Contains(a["volume_id"]!.GetValue<string>()))
                .Select(a => a!.ToJsonString()).ToList();
            Assert.True(extra.Count == 0, string.Join('\n', extra));

            // The archive restores exactly.
            var folder = Path.Combine(survivor.Root, "restored");
            var restored = await survivor.ArchivesAsync("-X", done.ArchiveId!, "-d", folder);
            Assert.True(restored.ExitCode == 0, restored.ToString());
            foreach (var volume in await CloudDisks.VolumeIdsAsync(run.Sim, "big-1"))
            {
                var file = Directory.GetFiles(folder, volume + ".raw", SearchOption.AllDirectories).Single();
                Assert.Equal(CloudDisks.Sha256(CloudDisks.VolumePath(run.Sim, volume)), CloudDisks.Sha256(file));
            }
        }
        finally
        {
            File.Delete(vms);
        }
    }

    /// <summary>Two backup VMs (one per member) and one VM big enough that its backup takes a few seconds.</summary>
    private static string TwoBackupVmsCloud() => new JsonObject
    {
        ["vms"] = new JsonArray(
            new JsonObject { ["name"] = "rubackup-vm", ["backup_vm"] = true, ["disks"] = new JsonArray(new JsonObject { ["size_mib"] = 16 }) },
            new JsonObject { ["name"] = "rubackup-vm-2", ["backup_vm"] = true, ["disks"] = new JsonArray(new JsonObject { ["size_mib"] = 16 }) },
            new JsonObject { ["name"] = "big-1", ["disks"] = new JsonArray(new JsonObject { ["size_mib"] = 1024, ["seed"] = 7 }) }),
    }.ToJsonString();
}

public sealed class ClusterFailoverOnSqliteTests() : ClusterFailoverTests(CatalogKind.Sqlite);

public sealed class ClusterFailoverOnPostgresTests() : ClusterFailoverTests(CatalogKind.Postgres);
