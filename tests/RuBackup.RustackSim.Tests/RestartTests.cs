using System.Text.Json.Nodes;

namespace RuBackup.RustackSim.Tests;

public sealed class RestartTests
{
    [Fact]
    public async Task Restart_AfterChanges_StateAndFilesSurvive()
    {
        var dir = Directory.CreateTempSubdirectory("rustack-sim-restart-").FullName;
        try
        {
            var vms = Path.Combine(dir, "vms.json");
            await File.WriteAllTextAsync(vms, """
                { "flavors": [ { "id": "f1", "name": "m1.small" } ], "networks": [ { "id": "n1", "name": "private" } ],
                  "vms": [ { "name": "rubackup-vm", "backup_vm": true, "networks": ["private"], "disks": [ { "size_mib": 4 } ] },
                           { "name": "app", "networks": ["private"], "disks": [ { "size_mib": 8, "seed": 7 } ] } ] }
                """);
            var state = Path.Combine(dir, "state");
            using var sim = new SimProcess(state, "--vms", vms, "--no-guest-agents");
            var token = await sim.TokenAsync();
            var (_, created) = await sim.SendAsync(HttpMethod.Post, sim.Volumes, token,
                new JsonObject { ["volume"] = new JsonObject { ["size"] = 1, ["name"] = "keep-me", ["metadata"] = new JsonObject { ["k"] = "v" } } });
            var id = created!["volume"]!["id"]!.GetValue<string>();
            Assert.Equal("available", await sim.WaitStatusAsync(sim.Volumes + "/" + id, "volume", token, "available"));
            var projectId = sim.ProjectId;
            sim.Stop();
            sim.Start();
            Assert.Equal(projectId, sim.ProjectId);
            token = await sim.TokenAsync();
            var (code, shown) = await sim.SendAsync(HttpMethod.Get, sim.Volumes + "/" + id, token);
            Assert.Equal(200, code);
            Assert.Equal("v", shown!["volume"]!["metadata"]!["k"]!.GetValue<string>());
            var (_, list) = await sim.SendAsync(HttpMethod.Get, "/compute/v2.1/servers", token);
            Assert.Equal(2, list!["servers"]!.AsArray().Count);
            Assert.True(File.Exists(Path.Combine(state, "volumes", id + ".img")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
