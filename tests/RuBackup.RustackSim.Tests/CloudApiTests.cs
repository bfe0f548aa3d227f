using System.Diagnostics;
using System.Text.Json.Nodes;

namespace RuBackup.RustackSim.Tests;

[Collection("sim")]
public sealed class CloudApiTests(SharedSim shared)
{
    private readonly SimProcess _sim = shared.Sim;

    private async Task<(string Token, string VolumeId)> VolumeAsync(string name)
    {
        var token = await _sim.TokenAsync();
        var (_, list) = await _sim.SendAsync(HttpMethod.Get, _sim.Volumes + "/detail?name=" + name, token);
        return (token, list!["volumes"]!.AsArray().Single()!["id"]!.GetValue<string>());
    }

    private async Task<(int Code, string Out)> OpenstackAsync(params string[] args)
    {
        var start = new ProcessStartInfo("openstack") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["OS_AUTH_URL"] = _sim.Url + "/v3";
        start.Environment["OS_USERNAME"] = "rubackup";
        start.Environment["OS_PASSWORD"] = "rubackup-secret";
        start.Environment["OS_PROJECT_ID"] = _sim.ProjectId;
        start.Environment["OS_USER_DOMAIN_NAME"] = "default";
        start.Environment["OS_IDENTITY_API_VERSION"] = "3";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + stderr);
    }

    [Fact]
    public async Task OpenstackCli_TokenServersVolumesSnapshot_Succeed()
    {
        var token = await OpenstackAsync("token", "issue", "-f", "value", "-c", "project_id");
        Assert.True(token.Code == 0, token.Out);
        Assert.Contains(_sim.ProjectId, token.Out, StringComparison.Ordinal);
        var servers = await OpenstackAsync("server", "list", "-f", "value", "-c", "Name");
        Assert.True(servers.Code == 0, servers.Out);
        Assert.Contains("web-1", servers.Out, StringComparison.Ordinal);
        Assert.Contains("db-1", servers.Out, StringComparison.Ordinal);
        var volumes = await OpenstackAsync("volume", "list", "-f", "value", "-c", "Name");
        Assert.True(volumes.Code == 0, volumes.Out);
        Assert.Contains("web-1-disk1", volumes.Out, StringComparison.Ordinal);
        var snapshot = await OpenstackAsync("volume", "snapshot", "create", "--force", "--volume", "db-1-disk2", "cli-snap", "-f", "value", "-c", "status");
        Assert.True(snapshot.Code == 0, snapshot.Out);
        Assert.Contains("creating", snapshot.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auth_WrongPassword_Returns401WithJson()
    {
        using var response = await _sim.Http.PostAsync(_sim.Url + "/v3/auth/tokens", new StringContent(
            """{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"rubackup","domain":{"name":"default"},"password":"wrong"}}}}}""",
            System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal(401, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<int>());
        var (code, _) = await _sim.SendAsync(HttpMethod.Get, "/compute/v2.1/servers", "bogus-token");
        Assert.Equal(401, code);
    }

    [Fact]
    public async Task SnapshotAndVolumeFromSnapshot_OfSeededDisk_MoveStatusesAndKeepBytes()
    {
        var (token, volumeId) = await VolumeAsync("web-1-disk0");
        var (code, created) = await _sim.SendAsync(HttpMethod.Post, _sim.Snapshots, token,
            new JsonObject { ["snapshot"] = new JsonObject { ["volume_id"] = volumeId, ["force"] = true, ["name"] = "rubackup-tmp-s", ["metadata"] = new JsonObject { ["rubackup_temporary"] = "true" } } });
        Assert.Equal(202, code);
        Assert.Equal("creating", created!["snapshot"]!["status"]!.GetValue<string>());
        var snapshotId = created["snapshot"]!["id"]!.GetValue<string>();
        Assert.Equal("available", await _sim.WaitStatusAsync(_sim.Snapshots + "/" + snapshotId, "snapshot", token, "available"));
        var (vcode, volume) = await _sim.SendAsync(HttpMethod.Post, _sim.Volumes, token,
            new JsonObject { ["volume"] = new JsonObject { ["snapshot_id"] = snapshotId, ["name"] = "rubackup-tmp-v" } });
        Assert.Equal(202, vcode);
        var newId = volume!["volume"]!["id"]!.GetValue<string>();
        Assert.Equal("creating", volume["volume"]!["status"]!.GetValue<string>());
        Assert.Equal("available", await _sim.WaitStatusAsync(_sim.Volumes + "/" + newId, "volume", token, "available"));
        var original = await File.ReadAllBytesAsync(Path.Combine(_sim.StateDir, "volumes", volumeId + ".img"));
        Assert.Equal(original, await File.ReadAllBytesAsync(Path.Combine(_sim.StateDir, "snapshots", snapshotId + ".img")));
        Assert.Equal(original, await File.ReadAllBytesAsync(Path.Combine(_sim.StateDir, "volumes", newId + ".img")));
        Assert.True(original.Any(b => b != 0), "seeded disk is not all zero");

        // Deleting the snapshot before its volume is refused, as in Cinder; then both go away.
        Assert.Equal(202, (await _sim.SendAsync(HttpMethod.Delete, _sim.Volumes + "/" + newId, token)).Status);
        Assert.Equal("gone", await _sim.WaitStatusAsync(_sim.Volumes + "/" + newId, "volume", token, "gone"));
        Assert.Equal(202, (await _sim.SendAsync(HttpMethod.Delete, _sim.Snapshots + "/" + snapshotId, token)).Status);
        Assert.Equal("gone", await _sim.WaitStatusAsync(_sim.Snapshots + "/" + snapshotId, "snapshot", token, "gone"));
        Assert.False(File.Exists(Path.Combine(_sim.StateDir, "snapshots", snapshotId + ".img")));
    }

    [Fact]
    public async Task AttachToBackupVm_NewVolume_CreatesByIdLinkAndDetachRemovesIt()
    {
        var token = await _sim.TokenAsync();
        var (_, volume) = await _sim.SendAsync(HttpMethod.Post, _sim.Volumes, token, new JsonObject { ["volume"] = new JsonObject { ["size"] = 1, ["name"] = "attach-me" } });
        var id = volume!["volume"]!["id"]!.GetValue<string>();
        Assert.Equal("available", await _sim.WaitStatusAsync(_sim.Volumes + "/" + id, "volume", token, "available"));
        var attachments = $"/compute/v2.1/servers/{_sim.BackupVmId}/os-volume_attachments";
        var (code, _) = await _sim.SendAsync(HttpMethod.Post, attachments, token, new JsonObject { ["volumeAttachment"] = new JsonObject { ["volumeId"] = id } });
        Assert.Equal(200, code);
        Assert.Equal("in-use", await _sim.WaitStatusAsync(_sim.Volumes + "/" + id, "volume", token, "in-use"));
        var link = Path.Combine(_sim.StateDir, "by-id", "virtio-" + id[..20]);
        Assert.Equal(Path.Combine(_sim.StateDir, "volumes", id + ".img"), new FileInfo(link).LinkTarget);
        var (_, shown) = await _sim.SendAsync(HttpMethod.Get, _sim.Volumes + "/" + id, token);
        Assert.Equal(_sim.BackupVmId, shown!["volume"]!["attachments"]![0]!["server_id"]!.GetValue<string>());
        Assert.Equal(202, (await _sim.SendAsync(HttpMethod.Delete, attachments + "/" + id, token)).Status);
        Assert.Equal("available", await _sim.WaitStatusAsync(_sim.Volumes + "/" + id, "volume", token, "available"));
        Assert.False(File.Exists(link) || new FileInfo(link).LinkTarget is not null);
        Assert.Equal(202, (await _sim.SendAsync(HttpMethod.Delete, _sim.Volumes + "/" + id, token)).Status);
    }

    [Fact]
    public async Task ServerDetail_AdminAndNormalUser_AdminFieldsOnlyForAdmin()
    {
        var user = await _sim.TokenAsync();
        var admin = await _sim.TokenAsync(admin: true);
        var (_, forUser) = await _sim.SendAsync(HttpMethod.Get, "/compute/v2.1/servers/detail", user);
        var (_, forAdmin) = await _sim.SendAsync(HttpMethod.Get, "/compute/v2.1/servers/detail", admin);
        Assert.All(forUser!["servers"]!.AsArray(), s => Assert.Null(s!["OS-EXT-SRV-ATTR:instance_name"]));
        Assert.All(forAdmin!["servers"]!.AsArray(), s => Assert.StartsWith("instance-", s!["OS-EXT-SRV-ATTR:instance_name"]!.GetValue<string>(), StringComparison.Ordinal));
        var db = forAdmin["servers"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == "db-1")!;
        Assert.Equal(3, db["os-extended-volumes:volumes_attached"]!.AsArray().Count);
        Assert.Equal("node-2", db["OS-EXT-SRV-ATTR:host"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("error", "error")]
    [InlineData("stuck", "creating")]
    public async Task Fault_OnSnapshotCreate_SnapshotEndsInExpectedStatus(string mode, string expected)
    {
        var (token, volumeId) = await VolumeAsync("db-1-disk1");
        await _sim.Http.PostAsync(_sim.Url + "/sim/faults", System.Net.Http.Json.JsonContent.Create(new JsonObject { ["op"] = "snapshot_create", ["mode"] = mode }));
        var (code, created) = await _sim.SendAsync(HttpMethod.Post, _sim.Snapshots, token, new JsonObject { ["snapshot"] = new JsonObject { ["volume_id"] = volumeId, ["force"] = true } });
        Assert.Equal(202, code);
        var id = created!["snapshot"]!["id"]!.GetValue<string>();
        await Task.Delay(400); // well past --op-delay-ms 50
        var (_, shown) = await _sim.SendAsync(HttpMethod.Get, _sim.Snapshots + "/" + id, token);
        Assert.Equal(expected, shown!["snapshot"]!["status"]!.GetValue<string>());
        // The fault was consumed: the next snapshot is fine.
        var (_, next) = await _sim.SendAsync(HttpMethod.Post, _sim.Snapshots, token, new JsonObject { ["snapshot"] = new JsonObject { ["volume_id"] = volumeId, ["force"] = true } });
        Assert.Equal("available", await _sim.WaitStatusAsync(_sim.Snapshots + "/" + next!["snapshot"]!["id"], "snapshot", token, "available"));
    }

    [Fact]
    public async Task Fault_Http500AndSlow_AnswerAccordingly()
    {
        var (token, volumeId) = await VolumeAsync("db-1-disk0");
        await _sim.Http.PostAsync(_sim.Url + "/sim/faults", System.Net.Http.Json.JsonContent.Create(new JsonObject { ["op"] = "volume_create", ["mode"] = "http500" }));
        var body = new JsonObject { ["volume"] = new JsonObject { ["size"] = 1 } };
        Assert.Equal(500, (await _sim.SendAsync(HttpMethod.Post, _sim.Volumes, token, body.DeepClone())).Status);
        await _sim.Http.PostAsync(_sim.Url + "/sim/faults", System.Net.Http.Json.JsonContent.Create(new JsonObject { ["op"] = "any", ["mode"] = "slow", ["delay_ms"] = 700 }));
        var watch = Stopwatch.StartNew();
        var (code, _) = await _sim.SendAsync(HttpMethod.Post, _sim.Snapshots, token, new JsonObject { ["snapshot"] = new JsonObject { ["volume_id"] = volumeId, ["force"] = true } });
        Assert.Equal(202, code);
        Assert.True(watch.ElapsedMilliseconds >= 650, $"slow fault answered after {watch.ElapsedMilliseconds} ms");
        Assert.Equal(202, (await _sim.SendAsync(HttpMethod.Post, _sim.Volumes, token, body.DeepClone())).Status);
    }
}
