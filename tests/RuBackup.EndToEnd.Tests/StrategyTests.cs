using System.Text.Json.Nodes;
using RuBackup.Api;

namespace RuBackup.EndToEnd.Tests;

/// <summary>
/// Acceptance 2: a strategy over "web-*" with a real client and simulator makes rules for exactly the
/// web VMs, also for one created in the cloud afterwards (reported by the client's periodic list),
/// and "run now" backs up every web VM and no other: archives for web-1, web-2 and web-3, none for db-1,
/// one of them restored with rb_archives equal to the cloud's disk.
/// </summary>
public abstract class StrategyTests(CatalogKind catalog)
{
    [Fact]
    public async Task Strategy_WebPattern_RulesForWebVmsAlsoLaterOnes_RunBacksUpEach()
    {
        var vms = Path.Combine(Path.GetTempPath(), $"rb-e2e-vms-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(vms, WebCloud());
        try
        {
            await using var run = await SystemRun.StartAsync(catalog, "--vms", vms);
            await run.AddPoolAsync("dedup", PoolKind.Dedup);
            var (client, info) = await run.AddClientAsync("backup-1");
            await SystemRun.EventuallyAsync(async () => (await run.Admin.GetClientResourcesAsync(info.Id)).Any(r => r.Name == "db-1") ? "" : null,
                "the client to report its VMs", () => client.Output);

            var strategy = await run.Admin.CreateStrategyAsync(new StrategySettings
            {
                Name = "web",
                Client = "backup-1",
                NamePattern = "web-*",
                Pool = "dedup",
                Schedule = "0 3 * * *",
                EnableAfterCreation = false,
            });
            var rules = await run.Admin.ListStrategyRulesAsync(strategy.Id);
            Assert.Equal(["web-1", "web-2"], rules.Select(r => r.Settings.ResourceName!).Order(StringComparer.Ordinal));
            Assert.Equal(await run.VmIdAsync("web-1"), rules.Single(r => r.Settings.ResourceName == "web-1").Settings.Resource);

            // A new VM is created in the cloud after the strategy (a volume, then a server booting from it, through
            // the Cinder and Nova APIs as a cloud user would): the client's next list brings its rule.
            await CreateVmAsync(run.Sim, "web-3");
            rules = await SystemRun.EventuallyAsync(async () => await run.Admin.ListStrategyRulesAsync(strategy.Id) is { Count: 3 } r ? r : null,
                "the rule of web-3", () => client.Output);
            Assert.Equal(["web-1", "web-2", "web-3"], rules.Select(r => r.Settings.ResourceName!).Order(StringComparer.Ordinal));
            Assert.All(rules, r => Assert.Equal((RuleStatus.Wait, strategy.Id), (r.Status, r.StrategyId)));

            var tasks = await run.Admin.RunStrategyAsync(strategy.Id);
            Assert.Equal(3, tasks.Count);
            var done = new List<TaskInfo>();
            foreach (var task in tasks)
            {
                done.Add(await run.WaitTaskAsync(task.Id));
            }

            var archives = await run.Admin.ListArchivesAsync();
            var webIds = new[] { "web-1", "web-2", "web-3" };
            foreach (var vm in webIds)
            {
                var id = await run.VmIdAsync(vm);
                var archive = Assert.Single(archives, a => a.Resource == id);
                Assert.Equal("ok", archive.Status);
                Assert.Contains(done, t => t.ArchiveId == archive.Id && t.State == TaskState.Done);
            }
            var db = await run.VmIdAsync("db-1");
            Assert.DoesNotContain(archives, a => a.Resource == db);
            Assert.Equal(3, archives.Count);

            // The VM that appeared later restores equal to its disk in the cloud.
            var web3 = archives.Single(a => a.Resource == rules.Single(r => r.Settings.ResourceName == "web-3").Settings.Resource);
            var folder = Path.Combine(client.Root, "restored");
            var restored = await client.ArchivesAsync("-X", web3.Id, "-d", folder);
            Assert.True(restored.ExitCode == 0, restored.ToString());
            var volume = Assert.Single(await CloudDisks.VolumeIdsAsync(run.Sim, "web-3"));
            var file = Directory.GetFiles(folder, volume + ".raw", SearchOption.AllDirectories).Single();
            Assert.Equal(CloudDisks.Sha256(CloudDisks.VolumePath(run.Sim, volume)), CloudDisks.Sha256(file));
        }
        finally
        {
            File.Delete(vms);
        }
    }

    /// <summary>A VM booting from a new 1 GiB volume, the way a cloud user makes one; waits until it is active.</summary>
    private static async Task CreateVmAsync(SimProcess sim, string name)
    {
        var token = await sim.TokenAsync();
        var (status, volume) = await sim.SendAsync(HttpMethod.Post, sim.Volumes, token,
            new JsonObject { ["volume"] = new JsonObject { ["name"] = name + "-disk", ["size"] = 1 } });
        Assert.Equal(202, status);
        var volumeId = volume!["volume"]!["id"]!.GetValue<string>();
        Assert.Equal("available", await sim.WaitStatusAsync($"{sim.Volumes}/{volumeId}", "volume", token, "available", 30_000));
        var (_, flavors) = await sim.SendAsync(HttpMethod.Get, "/compute/v2.1/flavors", token);
        var flavor = flavors!["flavors"]!.AsArray()[0]!["id"]!.GetValue<string>();
        (status, var server) = await sim.SendAsync(HttpMethod.Post, "/compute/v2.1/servers", token, new JsonObject
        {
            ["server"] = new JsonObject
            {
                ["name"] = name,
                ["flavorRef"] = flavor,
                ["block_device_mapping_v2"] = new JsonArray(new JsonObject
                {
                    ["boot_index"] = 0, ["uuid"] = volumeId, ["source_type"] = "volume", ["destination_type"] = "volume",
                }),
            },
        });
        Assert.Equal(202, status);
        var serverId = server!["server"]!["id"]!.GetValue<string>();
        Assert.Equal("ACTIVE", await sim.WaitStatusAsync($"/compute/v2.1/servers/{serverId}", "server", token, "ACTIVE", 30_000));
    }

    /// <summary>The backup VM, two web VMs and a database VM (web-3 is created during the test); small disks.</summary>
    private static string WebCloud()
    {
        static JsonObject Vm(string name, int seed) => new()
        {
            ["name"] = name,
            ["guest_agent"] = true,
            ["disks"] = new JsonArray(new JsonObject { ["size_mib"] = 16, ["seed"] = seed }),
        };
        return new JsonObject
        {
            ["vms"] = new JsonArray(
                new JsonObject { ["name"] = "rubackup-vm", ["backup_vm"] = true, ["disks"] = new JsonArray(new JsonObject { ["size_mib"] = 16 }) },
                Vm("web-1", 1), Vm("web-2", 2), Vm("db-1", 3)),
        }.ToJsonString();
    }
}

public sealed class StrategyOnSqliteTests() : StrategyTests(CatalogKind.Sqlite);

public sealed class StrategyOnPostgresTests() : StrategyTests(CatalogKind.Postgres);
