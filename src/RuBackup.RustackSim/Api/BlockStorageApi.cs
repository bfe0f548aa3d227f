using System.Text.Json.Nodes;
using RuBackup.RustackSim.Model;
using RuBackup.RustackSim.Services;

namespace RuBackup.RustackSim.Api;

/// <summary>Cinder v3 under /volume/v3/{project_id}: version documents, volumes, snapshots.</summary>
public static class BlockStorageApi
{
    private static readonly Version Min = new(3, 0);
    private static readonly Version Max = new(3, 60);

    public static IEndpointRouteBuilder MapBlockStorageVersions(this IEndpointRouteBuilder app)
    {
        // Routing ignores a trailing slash: one route serves both forms.
        foreach (var path in new[] { "/volume" })
        {
            app.MapGet(path, (HttpRequest r) => Results.Json(new JsonObject { ["versions"] = new JsonArray(Version(r)) }, statusCode: 300));
        }
        // Routing ignores a trailing slash: one route serves both forms.
        foreach (var path in new[] { "/volume/v3" })
        {
            app.MapGet(path, (HttpRequest r) => Results.Json(new JsonObject { ["versions"] = new JsonArray(Version(r)) }));
        }
        return app;
    }

    private static JsonObject Version(HttpRequest r) => new()
    {
        ["id"] = "v3.0",
        ["status"] = "CURRENT",
        ["version"] = "3.60",
        ["min_version"] = "3.0",
        ["updated"] = "2022-08-31T00:00:00Z",
        ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = $"{r.BaseUrl()}/volume/v3/" }),
        ["media-types"] = new JsonArray(new JsonObject { ["base"] = "application/json", ["type"] = "application/vnd.openstack.volume+json;version=3" }),
    };

    private static RouteGroupBuilder Project(IEndpointRouteBuilder app, string path) =>
        app.MapGroup("/volume/v3/{projectId}" + path).RequireToken().AddEndpointFilter(async (invocation, next) =>
        {
            var c = invocation.HttpContext;
            var projectId = c.Request.RouteValues["projectId"]?.ToString();
            if (c.RequestServices.GetRequiredService<CloudStore>().Read(s => s.ProjectId) != projectId)
            {
                throw new CloudException(404, $"Project {projectId} could not be found.");
            }
            ApiSupport.Microversion(c, "volume", Min, Max);
            return await next(invocation).ConfigureAwait(false);
        });

    public static IEndpointRouteBuilder MapVolumesApi(this IEndpointRouteBuilder app)
    {
        var group = Project(app, "/volumes");
        group.MapGet("", (HttpContext c, CloudStore store) => ListVolumes(c, store, detail: false));
        group.MapGet("/detail", (HttpContext c, CloudStore store) => ListVolumes(c, store, detail: true));
        group.MapGet("/{id}", (string id, HttpContext c, CloudStore store) => Volume(c, store, id, 200));
        group.MapPost("", async (HttpContext c, VolumeOperations volumes, CloudStore store) =>
        {
            var body = (await c.Request.BodyAsync().ConfigureAwait(false))["volume"] ?? throw CloudException.BadRequest("Missing 'volume'");
            var volume = await volumes.CreateAsync(new VolumeCreate(body.Str("name"), body.Str("description"), body.Int("size"),
                body.Str("volume_type"), ApiSupport.ReadMap(body["metadata"]), body.Str("snapshot_id"), c.Token().UserId), c.RequestAborted).ConfigureAwait(false);
            return Volume(c, store, volume.Id, 202);
        });
        group.MapPut("/{id}", async (string id, HttpContext c, VolumeOperations volumes, CloudStore store) =>
        {
            // Cinder's volume update: name, description and metadata (metadata replaces the old set).
            var body = (await c.Request.BodyAsync().ConfigureAwait(false))["volume"] as JsonObject ?? throw CloudException.BadRequest("Missing 'volume'");
            if (body.Count == 0 || body.Any(p => p.Key is not ("name" or "description" or "metadata" or "display_name" or "display_description")))
            {
                throw CloudException.BadRequest("Invalid input for field/attribute volume: only name, description and metadata can be updated.");
            }
            volumes.Update(id, body.Str("name") ?? body.Str("display_name"), body.Str("description") ?? body.Str("display_description"), ApiSupport.ReadMap(body["metadata"]));
            return Volume(c, store, id, 200);
        });
        group.MapDelete("/{id}", async (string id, HttpContext c, VolumeOperations volumes) =>
        {
            await volumes.DeleteAsync(id, c.RequestAborted).ConfigureAwait(false);
            return Results.Accepted();
        });
        group.MapPost("/{id}/action", async (string id, HttpContext c, VolumeOperations volumes) =>
        {
            var body = await c.Request.BodyAsync().ConfigureAwait(false);
            if (body["os-set_bootable"] is { } bootable)
            {
                volumes.SetBootable(id, bootable.Flag("bootable"));
                return Results.Ok();
            }
            if (body["os-reset_status"] is { } reset)
            {
                AdminOnly(c, "volume_extension:volume_admin_actions:reset_status");
                volumes.ResetStatus(id, reset.Str("status") ?? throw CloudException.BadRequest("Must specify 'status'"), reset.Str("attach_status"));
                return Results.Accepted();
            }
            if (body["os-force_detach"] is { } detach)
            {
                AdminOnly(c, "volume_extension:volume_admin_actions:force_detach");
                volumes.ForceDetach(id, detach.Str("attachment_id"));
                return Results.Accepted();
            }
            if (body.ContainsKey("os-force_delete"))
            {
                AdminOnly(c, "volume_extension:volume_admin_actions:force_delete");
                volumes.ForceDelete(id);
                return Results.Accepted();
            }
            throw CloudException.BadRequest($"Unsupported volume action: {string.Join(", ", body.Select(p => p.Key))}");
        });
        MapMetadata(group, (ops, id, values, replace) => ((VolumeOperations)ops).SetMetadata(id, values, replace),
            (s, id) => s.Volumes.FirstOrDefault(v => v.Id == id)?.Metadata, typeof(VolumeOperations));
        return app;
    }

    /// <summary>Cinder's default policy: the admin actions are for the admin role only (403 otherwise).</summary>
    private static void AdminOnly(HttpContext c, string rule)
    {
        if (!c.IsAdmin())
        {
            throw new CloudException(403, $"Policy doesn't allow {rule} to be performed.");
        }
    }

    private static IResult ListVolumes(HttpContext c, CloudStore store, bool detail)
    {
        var name = c.Request.Query["name"].ToString();
        var status = c.Request.Query["status"].ToString();
        return store.Read(s =>
        {
            var items = s.Volumes
                .Where(v => name.Length == 0 || v.Name == name)
                .Where(v => status.Length == 0 || v.Status == status)
                .Select(v => (JsonNode)(detail ? Views.Volume(s, v, c.Request.BaseUrl(), c.IsAdmin())
                    : new JsonObject { ["id"] = v.Id, ["name"] = v.Name, ["links"] = ApiSupport.Links($"{c.Request.BaseUrl()}/volume/v3/{s.ProjectId}/volumes/{v.Id}") }));
            return Results.Json(new JsonObject { ["volumes"] = new JsonArray([.. items]) });
        });
    }

    private static IResult Volume(HttpContext c, CloudStore store, string id, int status) => store.Read(s =>
    {
        var volume = s.Volumes.FirstOrDefault(v => v.Id == id) ?? throw CloudException.NotFound($"Volume {id}");
        return Results.Json(new JsonObject { ["volume"] = Views.Volume(s, volume, c.Request.BaseUrl(), c.IsAdmin()) }, statusCode: status);
    });

    public static IEndpointRouteBuilder MapSnapshotsApi(this IEndpointRouteBuilder app)
    {
        var group = Project(app, "/snapshots");
        group.MapGet("", (HttpContext c, CloudStore store) => ListSnapshots(c, store));
        group.MapGet("/detail", (HttpContext c, CloudStore store) => ListSnapshots(c, store));
        group.MapGet("/{id}", (string id, CloudStore store) => Snapshot(store, id, 200));
        group.MapPost("", async (HttpContext c, SnapshotOperations snapshots, CloudStore store) =>
        {
            var body = (await c.Request.BodyAsync().ConfigureAwait(false))["snapshot"] ?? throw CloudException.BadRequest("Missing 'snapshot'");
            var snapshot = await snapshots.CreateAsync(body.Str("volume_id") ?? throw CloudException.BadRequest("Missing volume_id"),
                body.Str("name"), body.Str("description"), body.Flag("force"), ApiSupport.ReadMap(body["metadata"]), c.Token().UserId, c.RequestAborted).ConfigureAwait(false);
            return Snapshot(store, snapshot.Id, 202);
        });
        group.MapDelete("/{id}", async (string id, HttpContext c, SnapshotOperations snapshots) =>
        {
            await snapshots.DeleteAsync(id, c.RequestAborted).ConfigureAwait(false);
            return Results.Accepted();
        });
        group.MapPost("/{id}/action", async (string id, HttpContext c, SnapshotOperations snapshots) =>
        {
            var body = await c.Request.BodyAsync().ConfigureAwait(false);
            if (body["os-reset_status"] is { } reset)
            {
                AdminOnly(c, "volume_extension:snapshot_admin_actions:reset_status");
                snapshots.ResetStatus(id, reset.Str("status") ?? throw CloudException.BadRequest("Must specify 'status'"));
                return Results.Accepted();
            }
            if (body.ContainsKey("os-force_delete"))
            {
                AdminOnly(c, "volume_extension:snapshot_admin_actions:force_delete");
                snapshots.ForceDelete(id);
                return Results.Accepted();
            }
            throw CloudException.BadRequest($"Unsupported snapshot action: {string.Join(", ", body.Select(p => p.Key))}");
        });
        MapMetadata(group, (ops, id, values, replace) => ((SnapshotOperations)ops).SetMetadata(id, values, replace),
            (s, id) => s.Snapshots.FirstOrDefault(x => x.Id == id)?.Metadata, typeof(SnapshotOperations));
        return app;
    }

    private static IResult ListSnapshots(HttpContext c, CloudStore store)
    {
        var name = c.Request.Query["name"].ToString();
        var volumeId = c.Request.Query["volume_id"].ToString();
        return store.Read(s => Results.Json(new JsonObject
        {
            ["snapshots"] = new JsonArray([.. s.Snapshots
                .Where(x => name.Length == 0 || x.Name == name)
                .Where(x => volumeId.Length == 0 || x.VolumeId == volumeId)
                .Select(x => (JsonNode)Views.Snapshot(s, x))]),
        }));
    }

    private static IResult Snapshot(CloudStore store, string id, int status) => store.Read(s =>
    {
        var snapshot = s.Snapshots.FirstOrDefault(x => x.Id == id) ?? throw CloudException.NotFound($"Snapshot {id}");
        return Results.Json(new JsonObject { ["snapshot"] = Views.Snapshot(s, snapshot) }, statusCode: status);
    });

    /// <summary>GET/POST (merge)/PUT (replace) of {"metadata": {...}}, shared by volumes and snapshots.</summary>
    private static void MapMetadata(RouteGroupBuilder group, Func<object, string, Dictionary<string, string>, bool, Dictionary<string, string>> set,
        Func<CloudState, string, Dictionary<string, string>?> get, Type operations)
    {
        group.MapGet("/{id}/metadata", (string id, CloudStore store) => store.Read(s =>
            Results.Json(new JsonObject { ["metadata"] = ApiSupport.Map(get(s, id) ?? throw CloudException.NotFound($"Resource {id}")) })));
        foreach (var replace in new[] { false, true })
        {
            var handler = async (string id, HttpContext c) =>
            {
                var body = await c.Request.BodyAsync().ConfigureAwait(false);
                var values = ApiSupport.ReadMap(body["metadata"]) ?? throw CloudException.BadRequest("Missing 'metadata'");
                var result = set(c.RequestServices.GetRequiredService(operations), id, values, replace);
                return Results.Json(new JsonObject { ["metadata"] = ApiSupport.Map(result) });
            };
            if (replace)
            {
                group.MapPut("/{id}/metadata", handler);
            }
            else
            {
                group.MapPost("/{id}/metadata", handler);
            }
        }
    }
}
