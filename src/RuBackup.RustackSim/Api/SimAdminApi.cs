using System.Text.Json.Nodes;
using RuBackup.RustackSim.Services;

namespace RuBackup.RustackSim.Api;

/// <summary>Not OpenStack: the minimal image and network services the CLI probes, and /sim for tests.</summary>
public static class SimAdminApi
{
    public static IEndpointRouteBuilder MapImagesApi(this IEndpointRouteBuilder app)
    {
        // Routing ignores a trailing slash: one route serves both forms.
        foreach (var path in new[] { "/image" })
        {
            app.MapGet(path, (HttpRequest r) => Results.Json(new JsonObject
            {
                ["versions"] = new JsonArray(new JsonObject
                {
                    ["id"] = "v2.9", ["status"] = "CURRENT",
                    ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = $"{r.BaseUrl()}/image/v2/" }),
                }),
            }, statusCode: 300));
        }
        var group = app.MapGroup("/image/v2").RequireToken();
        group.MapGet("/images", () => Results.Json(new JsonObject { ["images"] = new JsonArray(), ["first"] = "/v2/images", ["schema"] = "/v2/schemas/images" }));
        group.MapGet("/images/{id}", (string id) => Results.Json(new JsonObject(), statusCode: 404));
        return app;
    }

    public static IEndpointRouteBuilder MapNetworksApi(this IEndpointRouteBuilder app)
    {
        // Routing ignores a trailing slash: one route serves both forms.
        foreach (var path in new[] { "/network" })
        {
            app.MapGet(path, (HttpRequest r) => Results.Json(new JsonObject
            {
                ["versions"] = new JsonArray(new JsonObject
                {
                    ["id"] = "v2.0", ["status"] = "CURRENT",
                    ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = $"{r.BaseUrl()}/network/v2.0/" }),
                }),
            }));
        }
        app.MapGet("/network/v2.0/networks", (CloudStore store) => store.Read(s => Results.Json(new JsonObject
        {
            ["networks"] = new JsonArray([.. s.Networks.Select(n => (JsonNode)new JsonObject
            {
                ["id"] = n.Id, ["name"] = n.Name, ["status"] = "ACTIVE", ["admin_state_up"] = true, ["shared"] = false,
                ["subnets"] = new JsonArray(), ["tenant_id"] = s.ProjectId, ["project_id"] = s.ProjectId,
            })]),
        }))).RequireToken();
        return app;
    }

    public static IEndpointRouteBuilder MapSimAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/sim");
        group.MapGet("/state", (CloudStore store) => store.Read(s => Results.Json(new JsonObject
        {
            ["project_id"] = s.ProjectId,
            ["backup_vm_id"] = s.BackupVmId,
            ["servers"] = new JsonArray([.. s.Servers.Select(x => (JsonNode)new JsonObject
            {
                ["id"] = x.Id, ["name"] = x.Name, ["status"] = x.Status, ["host"] = x.Host, ["instance_name"] = x.InstanceName, ["metadata"] = ApiSupport.Map(x.Metadata),
                ["flavor_id"] = x.FlavorId,
                ["networks"] = new JsonArray([.. x.Addresses.Select(a => (JsonNode)Views.NetworkId(s, a))]),
            })]),
            ["volumes"] = new JsonArray([.. s.Volumes.Select(x => (JsonNode)new JsonObject
            {
                ["id"] = x.Id, ["name"] = x.Name, ["status"] = x.Status, ["size_bytes"] = x.SizeBytes, ["metadata"] = ApiSupport.Map(x.Metadata),
                ["bootable"] = x.Bootable,
            })]),
            ["snapshots"] = new JsonArray([.. s.Snapshots.Select(x => (JsonNode)new JsonObject
            {
                ["id"] = x.Id, ["name"] = x.Name, ["status"] = x.Status, ["volume_id"] = x.VolumeId, ["metadata"] = ApiSupport.Map(x.Metadata),
            })]),
            ["attachments"] = new JsonArray([.. s.Volumes.SelectMany(v => v.Attachments.Select(a => (JsonNode)new JsonObject
            {
                ["id"] = a.Id, ["volume_id"] = v.Id, ["server_id"] = a.ServerId, ["device"] = a.Device, ["boot_index"] = a.BootIndex,
            }))]),
        })));
        group.MapGet("/faults", (FaultInjector faults) => Results.Json(faults.List()));
        group.MapPost("/faults", async (HttpRequest request, FaultInjector faults) =>
        {
            var body = await request.BodyAsync().ConfigureAwait(false);
            try
            {
                faults.Add(FaultInjector.Create(body.Str("op") ?? "", body.Str("mode") ?? "", body.Int("count") ?? 1, body.Int("delay_ms") ?? 0));
            }
            catch (FormatException e)
            {
                throw CloudException.BadRequest(e.Message);
            }
            return Results.Created("/sim/faults", faults.List());
        });
        group.MapDelete("/faults", (FaultInjector faults) => { faults.Clear(); return Results.NoContent(); });
        return app;
    }
}
