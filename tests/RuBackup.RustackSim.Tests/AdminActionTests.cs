using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace RuBackup.RustackSim.Tests;

/// <summary>Cinder's admin actions on volumes and snapshots: os-reset_status, os-force_detach, os-force_delete.</summary>
[Collection("sim")]
public sealed class AdminActionTests(SharedSim shared)
{
    private readonly SimProcess _sim = shared.Sim;

    private static JsonObject Action(string name, JsonNode? args = null) => new() { [name] = args ?? new JsonObject() };

    private async Task FaultAsync(string op, string mode)
    {
        using var response = await _sim.Http.PostAsync(_sim.Url + "/sim/faults", JsonContent.Create(new JsonObject { ["op"] = op, ["mode"] = mode }));
        Assert.Equal(201, (int)response.StatusCode);
    }

    private async Task<string> StatusAsync(string path, string key, string token)
    {
        var (code, body) = await _sim.SendAsync(HttpMethod.Get, path, token);
        return code == 404 ? "gone" : body![key]!["status"]!.GetValue<string>();
    }

    private async Task<string> NewVolumeAsync(string token, string name)
    {
        var (_, volume) = await _sim.SendAsync(HttpMethod.Post, _sim.Volumes, token, new JsonObject { ["volume"] = new JsonObject { ["size"] = 1, ["name"] = name } });
        var id = volume!["volume"]!["id"]!.GetValue<string>();
        Assert.Equal("available", await _sim.WaitStatusAsync(_sim.Volumes + "/" + id, "volume", token, "available"));
        return id;
    }

    [Fact]
    public async Task AdminActions_NormalUserToken_Return403AndChangeNothing()
    {
        var user = await _sim.TokenAsync();
        var volumeId = await NewVolumeAsync(user, "admin-actions-403");
        var (_, snap) = await _sim.SendAsync(HttpMethod.Post, _sim.Snapshots, user, new JsonObject { ["snapshot"] = new JsonObject { ["volume_id"] = volumeId } });
        var snapshotId = snap!["snapshot"]!["id"]!.GetValue<string>();
        Assert.Equal("available", await _sim.WaitStatusAsync(_sim.Snapshots + "/" + snapshotId, "snapshot", user, "available"));

        foreach (var (path, body) in new[]
        {
            (_sim.Volumes, Action("os-reset_status", new JsonObject { ["status"] = "error", ["attach_status"] = "detached" })),
            (_sim.Volumes, Action("os-force_detach")),
            (_sim.Volumes, Action("os-force_delete")),
            (_sim.Snapshots, Action("os-reset_status", new JsonObject { ["status"] = "error" })),
            (_sim.Snapshots, Action("os-force_delete")),
        })
        {
            var id = path == _sim.Volumes ? volumeId : snapshotId;
            var (code, error) = await _sim.SendAsync(HttpMethod.Post, $"{path}/{id}/action", user, body);
            Assert.True(code == 403, $"{body.ToJsonString()} answered {code}: {error}");
            Assert.StartsWith("Policy doesn't allow", error!["forbidden"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        await Task.Delay(200); // past --op-delay-ms 50: a wrongly accepted delete would be done
        Assert.Equal("available", await StatusAsync(_sim.Volumes + "/" + volumeId, "volume", user));
        Assert.Equal("available", await StatusAsync(_sim.Snapshots + "/" + snapshotId, "snapshot", user));
    }

    [Fact]
    public async Task ForceDetachAndForceDelete_VolumeStuckDetachingFromBackupVm_RemoveAttachmentLinkFileAndVolume()
    {
        var user = await _sim.TokenAsync();
        var admin = await _sim.TokenAsync(admin: true);
        var id = await NewVolumeAsync(user, "force-detach-me");
        var attachments = $"/compute/v2.1/servers/{_sim.BackupVmId}/os-volume_attachments";
        Assert.Equal(200, (await _sim.SendAsync(HttpMethod.Post, attachments, user, new JsonObject { ["volumeAttachment"] = new JsonObject { ["volumeId"] = id } })).Status);
        Assert.Equal("in-use", await _sim.WaitStatusAsync(_sim.Volumes + "/" + id, "volume", user, "in-use"));
        await FaultAsync("volume_detach", "stuck");
        Assert.Equal(202, (await _sim.SendAsync(HttpMethod.Delete, attachments + "/" + id, user)).Status);
        var action = _sim.Volumes + "/" + id + "/action";
        var link = Path.Combine(_sim.StateDir, "by-id", "virtio-" + id[..20]);
        var file = Path.Combine(_sim.StateDir, "volumes", id + ".img");

        // Neither an ordinary nor a forced delete removes an attached volume, as in Cinder.
        Assert.Equal(400, (await _sim.SendAsync(HttpMethod.Delete, _sim.Volumes + "/" + id, user)).Status);
        Assert.Equal(400, (await _sim.SendAsync(HttpMethod.Post, action, admin, Action("os-force_delete"))).Status);
        Assert.Equal("detaching", await StatusAsync(_sim.Volumes + "/" + id, "volume", user));
        Assert.NotNull(new FileInfo(link).LinkTarget);

        Assert.Equal(202, (await _sim.SendAsync(HttpMethod.Post, action, admin, Action("os-force_detach", new JsonObject { ["connector"] = null }))).Status);
        var (_, shown) = await _sim.SendAsync(HttpMethod.Get, _sim.Volumes + "/" + id, user);
        Assert.Equal("available", shown!["volume"]!["status"]!.GetValue<string>());
        Assert.Empty(shown["volume"]!["attachments"]!.AsArray());
        Assert.Null(new FileInfo(link).LinkTarget);

        Assert.Equal(202, (await _sim.SendAsync(HttpMethod.Post, action, admin, Action("os-force_delete"))).Status);
        Assert.Equal("gone", await _sim.WaitStatusAsync(_sim.Volumes + "/" + id, "volume", user, "gone"));
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task ResetStatusAndForceDelete_VolumeStuckAttachingAndSnapshotStuckCreating_SetStatusThenRemove()
    {
        var user = await _sim.TokenAsync();
        var admin = await _sim.TokenAsync(admin: true);
        var id = await NewVolumeAsync(user, "reset-me");
        await FaultAsync("snapshot_create", "stuck");
        var (_, snap) = await _sim.SendAsync(HttpMethod.Post, _sim.Snapshots, user, new JsonObject { ["snapshot"] = new JsonObject { ["volume_id"] = id, ["force"] = true } });
        var snapshotId = snap!["snapshot"]!["id"]!.GetValue<string>();
        await FaultAsync("volume_attach", "stuck");
        var attachments = $"/compute/v2.1/servers/{_sim.BackupVmId}/os-volume_attachments";
        Assert.Equal(200, (await _sim.SendAsync(HttpMethod.Post, attachments, user, new JsonObject { ["volumeAttachment"] = new JsonObject { ["volumeId"] = id } })).Status);
        await Task.Delay(200);
        Assert.Equal("attaching", await StatusAsync(_sim.Volumes + "/" + id, "volume", user));
        Assert.Equal("creating", await StatusAsync(_sim.Snapshots + "/" + snapshotId, "snapshot", user));

        Assert.Equal(202, (await _sim.SendAsync(HttpMethod.Post, _sim.Volumes + "/" + id + "/action", admin,
            Action("os-reset_status", new JsonObject { ["status"] = "available", ["attach_status"] = "detached" }))).Status);
        var (_, shown) = await _sim.SendAsync(HttpMethod.Get, _sim.Volumes + "/" + id, user);
        Assert.Equal("available", shown!["volume"]!["status"]!.GetValue<string>());
        Assert.Empty(shown["volume"]!["attachments"]!.AsArray());
        Assert.Equal(202, (await _sim.SendAsync(HttpMethod.Post, _sim.Snapshots + "/" + snapshotId + "/action", admin,
            Action("os-reset_status", new JsonObject { ["status"] = "available" }))).Status);
        Assert.Equal("available", await StatusAsync(_sim.Snapshots + "/" + snapshotId, "snapshot", user));

        // The volume still has a snapshot: even a forced delete is refused, as in Cinder.
        Assert.Equal(400, (await _sim.SendAsync(HttpMethod.Post, _sim.Volumes + "/" + id + "/action", admin, Action("os-force_delete"))).Status);
        await FaultAsync("snapshot_delete", "stuck");
        Assert.Equal(202, (await _sim.SendAsync(HttpMethod.Delete, _sim.Snapshots + "/" + snapshotId, user)).Status);
        await Task.Delay(200);
        Assert.Equal("deleting", await StatusAsync(_sim.Snapshots + "/" + snapshotId, "snapshot", user));
        Assert.Equal(202, (await _sim.SendAsync(HttpMethod.Post, _sim.Snapshots + "/" + snapshotId + "/action", admin, Action("os-force_delete"))).Status);
        Assert.Equal("gone", await _sim.WaitStatusAsync(_sim.Snapshots + "/" + snapshotId, "snapshot", user, "gone"));
        Assert.False(File.Exists(Path.Combine(_sim.StateDir, "snapshots", snapshotId + ".img")));
        Assert.Equal(202, (await _sim.SendAsync(HttpMethod.Post, _sim.Volumes + "/" + id + "/action", admin, Action("os-force_delete"))).Status);
        Assert.Equal("gone", await _sim.WaitStatusAsync(_sim.Volumes + "/" + id, "volume", user, "gone"));
    }
}
