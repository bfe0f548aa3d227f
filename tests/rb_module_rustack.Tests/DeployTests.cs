using System.Text.Json.Nodes;

namespace RuBackup.RustackModule.Tests;

/// <summary>
/// A cloud with two flavors and two networks, and one full backup each of web-1 (2 disks, the
/// second flavor, both networks), db-1 (3 disks) and app-1 (1 disk), taken once for the class.
/// </summary>
public sealed class DeployCloud : IAsyncLifetime
{
    private static readonly string VmsFile = WriteVmsFile();

    public ModuleRun Run { get; } = new("--vms", VmsFile);

    public string Repo { get; private set; } = "";

    /// <summary>VM name to (archive id, source VM node at backup, SHA-256 and length of each disk in device order).</summary>
    public Dictionary<string, (string Archive, JsonNode Server, IReadOnlyList<(string Hash, long Length)> Disks)> Archives { get; } = [];

    public async Task InitializeAsync()
    {
        Repo = Run.Folder("repo");
        var init = await Run.RepoAsync("init", "--repo", Repo);
        Assert.True(init.ExitCode == 0, init.ToString());
        foreach (var vm in new[] { "web-1", "db-1", "app-1" })
        {
            var server = await CloudFiles.ServerAsync(Run, vm);
            var disks = (await CloudFiles.VolumeIdsAsync(Run, vm)).Select(v => CloudFiles.VolumePath(Run, v))
                .Select(p => (CloudFiles.Sha256(p), new FileInfo(p).Length)).ToList();
            var archive = CloudFiles.ArchiveId(await Run.ModuleAsync("-b", vm, "--repo", Repo, "--type", "full", "--json"));
            Archives[vm] = (archive, server, disks);
        }
    }

    public Task DisposeAsync()
    {
        Run.Dispose();
        return Task.CompletedTask;
    }

    private static string WriteVmsFile()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("rb-deploy-vms-").FullName, "vms.json");
        File.WriteAllText(path, """
        {
          "domain": "default",
          "project": { "name": "demo" },
          "user": { "name": "rubackup", "password": "rubackup-secret" },
          "admin": { "name": "admin", "password": "admin-secret" },
          "flavors": [ { "id": "f1", "name": "m1.small", "vcpus": 1, "ram": 1024, "disk": 10 },
                       { "id": "f2", "name": "m1.medium", "vcpus": 2, "ram": 4096, "disk": 20 } ],
          "networks": [ { "id": "n1", "name": "private" }, { "id": "n2", "name": "public" } ],
          "vms": [
            { "name": "rubackup-vm", "backup_vm": true, "flavor": "m1.small", "networks": ["private"], "host": "node-1", "disks": [ { "size_mib": 16 } ] },
            { "name": "web-1", "flavor": "m1.medium", "networks": ["public", "private"], "host": "node-1", "guest_agent": true,
              "disks": [ { "size_mib": 64, "seed": 1 }, { "size_mib": 32, "seed": 2 } ] },
            { "name": "db-1", "flavor": "m1.small", "networks": ["private"], "host": "node-1", "guest_agent": true,
              "disks": [ { "size_mib": 32, "seed": 3 }, { "size_mib": 16, "seed": 4 }, { "size_mib": 16, "seed": 5 } ] },
            { "name": "app-1", "flavor": "m1.small", "networks": ["public"], "host": "node-1", "guest_agent": true, "disks": [ { "size_mib": 16, "seed": 6 } ] }
          ]
        }
        """);
        return path;
    }
}

public sealed class DeployTests(DeployCloud cloud) : IClassFixture<DeployCloud>
{
    private readonly ModuleRun _run = cloud.Run;

    [Fact]
    public async Task Deploy_OriginalNameTaken_CreatesWeb1Dash1BootingFromTheArchiveDisksWithFlavorNetworksAndBootOrder()
    {
        var (archive, source, disks) = cloud.Archives["web-1"];

        var result = await _run.ModuleAsync("-r", archive, "--repo", cloud.Repo, "-x", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("web-1-1", JsonNode.Parse(result.Stdout)!["vm"]!.GetValue<string>());
        Assert.DoesNotContain("network ids", result.Stderr, StringComparison.Ordinal);
        await AssertDeployedAsync("web-1-1", source, disks);
    }

    [Fact]
    public async Task Deploy_OriginalNameFree_UsesTheOriginalName()
    {
        var (archive, source, disks) = cloud.Archives["db-1"];
        var token = await _run.Sim.TokenAsync();
        var (status, _) = await _run.Sim.SendAsync(HttpMethod.Put, $"/compute/v2.1/servers/{source["id"]}", token,
            new JsonObject { ["server"] = new JsonObject { ["name"] = "db-1-renamed" } });
        Assert.Equal(200, status);

        var result = await _run.ModuleAsync("-r", archive, "--repo", cloud.Repo, "-x", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("db-1", JsonNode.Parse(result.Stdout)!["vm"]!.GetValue<string>());
        await AssertDeployedAsync("db-1", source, disks);
    }

    [Fact]
    public async Task Deploy_OriginalAndFirstPostfixTaken_ChoosesDash2()
    {
        var (archive, source, disks) = cloud.Archives["app-1"];

        var first = await _run.ModuleAsync("-r", archive, "--repo", cloud.Repo, "-x", "--json");
        var second = await _run.ModuleAsync("-r", archive, "--repo", cloud.Repo, "-x", "--json");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal("app-1-1", JsonNode.Parse(first.Stdout)!["vm"]!.GetValue<string>());
        Assert.Equal("app-1-2", JsonNode.Parse(second.Stdout)!["vm"]!.GetValue<string>());
        await AssertDeployedAsync("app-1-1", source, disks);
        await AssertDeployedAsync("app-1-2", source, disks);
    }

    [Fact]
    public async Task Deploy_VmCreationFails_RemovesTheHalfBuiltVmAndItsVolumes()
    {
        var (archive, _, _) = cloud.Archives["app-1"];
        var before = await _run.CloudStateAsync();
        using var fault = await _run.Sim.Http.PostAsync(_run.Sim.Url + "/sim/faults",
            System.Net.Http.Json.JsonContent.Create(new JsonObject { ["op"] = "server_create", ["mode"] = "error", ["count"] = 1 }));
        Assert.True(fault.IsSuccessStatusCode);

        var result = await _run.ModuleAsync("-r", archive, "--repo", cloud.Repo, "-x");

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Empty(await _run.TemporaryLeftoversAsync());
        var after = await _run.CloudStateAsync();
        static IEnumerable<string> Ids(JsonNode state, string kind) => state[kind]!.AsArray().Select(x => x!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal);
        Assert.Equal(Ids(before, "servers"), Ids(after, "servers"));
        Assert.Equal(Ids(before, "volumes"), Ids(after, "volumes"));
        // Every undo step succeeded at its first try (a failed one is logged as "warning: cleanup: ...").
        Assert.Contains("cleanup: delete VM", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("warning: cleanup:", result.Stderr, StringComparison.Ordinal);
    }

    private async Task AssertDeployedAsync(string name, JsonNode source, IReadOnlyList<(string Hash, long Length)> disks)
    {
        Assert.Empty(await _run.TemporaryLeftoversAsync());
        // Past several status transitions: a late detach or delete would show by now.
        await Task.Delay(500);
        var server = await CloudFiles.ServerAsync(_run, name);
        var state = await _run.CloudStateAsync();
        Assert.Equal("ACTIVE", server["status"]!.GetValue<string>());
        Assert.Equal(source["flavor_id"]!.GetValue<string>(), server["flavor_id"]!.GetValue<string>());
        Assert.Equal(source["networks"]!.AsArray().Select(n => n!.GetValue<string>()), server["networks"]!.AsArray().Select(n => n!.GetValue<string>()));

        var attachments = await CloudFiles.AttachmentsAsync(_run, server["id"]!.GetValue<string>());
        Assert.Equal(disks.Count, attachments.Count);
        for (var i = 0; i < disks.Count; i++)
        {
            var volumeId = attachments[i]["volume_id"]!.GetValue<string>();
            var volume = state["volumes"]!.AsArray().Single(v => v!["id"]!.GetValue<string>() == volumeId)!;
            Assert.Equal("in-use", volume["status"]!.GetValue<string>());
            Assert.Equal(i == 0, volume["bootable"]!.GetValue<bool>());
            Assert.Equal(i == 0 ? 0 : null, attachments[i]["boot_index"]?.GetValue<int>());
            Assert.Equal($"{name}-disk{i}", volume["name"]!.GetValue<string>());
            var path = CloudFiles.VolumePath(_run, volumeId);
            Assert.True(disks[i].Hash == CloudFiles.Sha256(path, disks[i].Length), $"{name}: disk {i} ({volumeId}) differs from the archive's disk");
            Assert.True(CloudFiles.ZeroFrom(path, disks[i].Length), $"{name}: disk {i} has data past the archive's disk size");
        }
    }
}
