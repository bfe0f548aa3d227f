using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RuBackup.RustackSim.Services;

namespace RuBackup.RustackSim.Api;

/// <summary>Nova v2.1: version documents, servers, flavors.</summary>
public static class ComputeApi
{
    public static readonly Version Min = new(2, 1);
    public static readonly Version Max = new(2, 79);

    public static IEndpointRouteBuilder MapComputeVersions(this IEndpointRouteBuilder app)
    {
        // Routing ignores a trailing slash: one route serves both forms.
        foreach (var path in new[] { "/compute" })
        {
            app.MapGet(path, (HttpRequest r) => Results.Json(new JsonObject { ["versions"] = new JsonArray(Version(r)) }));
        }
        // Routing ignores a trailing slash: one route serves both forms.
        foreach (var path in new[] { "/compute/v2.1" })
        {
            app.MapGet(path, (HttpRequest r) => Results.Json(new JsonObject { ["version"] = Version(r) }));
        }
        return app;
    }

    private static JsonObject Version(HttpRequest r) => new()
    {
        ["id"] = "v2.1",
        ["status"] = "CURRENT",
        ["version"] = "2.79",
        ["min_version"] = "2.1",
        ["updated"] = "2013-07-23T11:33:21Z",
        ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = $"{r.BaseUrl()}/compute/v2.1/" }),
        ["media-types"] = new JsonArray(new JsonObject { ["base"] = "application/json", ["type"] = "application/vnd.openstack.compute+json;version=2.1" }),
    };

    public static IEndpointRouteBuilder MapServersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/compute/v2.1/servers").RequireToken();
        group.MapGet("", (HttpContext c, CloudStore store) => List(c, store, detail: false));
        group.MapGet("/detail", (HttpContext c, CloudStore store) => List(c, store, detail: true));
        group.MapGet("/{id}", (string id, HttpContext c, CloudStore store) =>
        {
            var version = ApiSupport.Microversion(c, "compute", Min, Max);
            return store.Read(s =>
            {
                var server = s.Servers.FirstOrDefault(x => x.Id == id) ?? throw CloudException.NotFound($"Instance {id}");
                return Results.Json(new JsonObject { ["server"] = Views.Server(s, server, c.Request.BaseUrl(), c.IsAdmin(), version) });
            });
        });
        group.MapPost("", CreateAsync);
        group.MapPut("/{id}", async (string id, HttpContext c, CloudStore store) =>
        {
            // Nova's server update: only the name matters here (tests rename a source VM).
            var version = ApiSupport.Microversion(c, "compute", Min, Max);
            var body = (await c.Request.BodyAsync().ConfigureAwait(false))["server"] ?? throw CloudException.BadRequest("Missing 'server'");
            var name = body.Str("name");
            return store.Change(s =>
            {
                var server = s.Servers.FirstOrDefault(x => x.Id == id) ?? throw CloudException.NotFound($"Instance {id}");
                if (name is not null)
                {
                    server.Name = name;
                    server.Updated = DateTimeOffset.UtcNow;
                }
                return Results.Json(new JsonObject { ["server"] = Views.Server(s, server, c.Request.BaseUrl(), c.IsAdmin(), version) });
            });
        });
        group.MapGet("/{id}/os-interface", (string id, HttpContext c, CloudStore store) =>
        {
            ApiSupport.Microversion(c, "compute", Min, Max);
            return store.Read(s =>
            {
                var server = s.Servers.FirstOrDefault(x => x.Id == id) ?? throw CloudException.NotFound($"Instance {id}");
                return Results.Json(new JsonObject { ["interfaceAttachments"] = new JsonArray([.. server.Addresses.Select(a => (JsonNode)Views.Interface(s, a))]) });
            });
        });
        group.MapGet("/{id}/os-interface/{portId}", (string id, string portId, HttpContext c, CloudStore store) =>
        {
            ApiSupport.Microversion(c, "compute", Min, Max);
            return store.Read(s =>
            {
                var server = s.Servers.FirstOrDefault(x => x.Id == id) ?? throw CloudException.NotFound($"Instance {id}");
                var address = server.Addresses.FirstOrDefault(a => Views.PortId(a) == portId) ?? throw CloudException.NotFound($"Port {portId}");
                return Results.Json(new JsonObject { ["interfaceAttachment"] = Views.Interface(s, address) });
            });
        });
        group.MapDelete("/{id}", (string id, HttpContext c, ServerOperations servers) =>
        {
            ApiSupport.Microversion(c, "compute", Min, Max);
            servers.Delete(id);
            return Results.NoContent();
        });
        return app;
    }

    private static IResult List(HttpContext c, CloudStore store, bool detail)
    {
        var version = ApiSupport.Microversion(c, "compute", Min, Max);
        var query = c.Request.Query;
        // Nova filters names by regular expression; the CLI passes exact names.
        var name = query["name"].ToString();
        var status = query["status"].ToString();
        return store.Read(s =>
        {
            var servers = s.Servers
                .Where(x => name.Length == 0 || Regex.IsMatch(x.Name, name, RegexOptions.None, TimeSpan.FromSeconds(1)))
                .Where(x => status.Length == 0 || string.Equals(x.Status, status, StringComparison.OrdinalIgnoreCase))
                .Select(x => (JsonNode)(detail ? Views.Server(s, x, c.Request.BaseUrl(), c.IsAdmin(), version) : Views.ServerLink(x, c.Request.BaseUrl())));
            return Results.Json(new JsonObject { ["servers"] = new JsonArray([.. servers]) });
        });
    }

    private static async Task<IResult> CreateAsync(HttpContext c, ServerOperations servers, CloudStore store)
    {
        ApiSupport.Microversion(c, "compute", Min, Max);
        var body = (await c.Request.BodyAsync().ConfigureAwait(false))["server"] ?? throw CloudException.BadRequest("Missing 'server'");
        var networks = body["networks"] is JsonArray list
            ? list.Select(n => n.Str("uuid") ?? throw CloudException.BadRequest("networks[].uuid is required")).ToList()
            : store.Read(s => s.Networks.Take(1).Select(n => n.Id).ToList()); // "auto": the first network
        var bdm = body["block_device_mapping_v2"] as JsonArray ?? [];
        var volumes = bdm.Select(b => b.Str("source_type") == "volume" && b.Str("uuid") is { } uuid
            ? new BootVolume(uuid, b.Int("boot_index") is >= 0 and var index ? index : null) // -1 or none: not a boot device
            : throw CloudException.BadRequest("Block Device Mapping is Invalid: only source_type volume is supported.")).ToList();
        var server = await servers.CreateAsync(body.Str("name") ?? throw CloudException.BadRequest("Missing 'name'"),
            body.Str("flavorRef") ?? throw CloudException.BadRequest("Missing 'flavorRef'"), networks, volumes,
            ApiSupport.ReadMap(body["metadata"]), c.Token().UserId, c.RequestAborted).ConfigureAwait(false);
        var node = Views.ServerLink(server, c.Request.BaseUrl());
        node.Remove("name");
        node["OS-DCF:diskConfig"] = "MANUAL";
        node["adminPass"] = "simulated";
        node["security_groups"] = new JsonArray(new JsonObject { ["name"] = "default" });
        return Results.Json(new JsonObject { ["server"] = node }, statusCode: 202);
    }

    public static IEndpointRouteBuilder MapFlavorsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/compute/v2.1/flavors").RequireToken();
        group.MapGet("", (HttpContext c, CloudStore store) => Flavors(c, store, false));
        group.MapGet("/detail", (HttpContext c, CloudStore store) => Flavors(c, store, true));
        group.MapGet("/{id}", (string id, HttpContext c, CloudStore store) =>
        {
            ApiSupport.Microversion(c, "compute", Min, Max);
            return store.Read(s =>
            {
                var flavor = s.Flavors.FirstOrDefault(f => f.Id == id) ?? throw CloudException.NotFound($"Flavor {id}");
                return Results.Json(new JsonObject { ["flavor"] = Views.Flavor(flavor, c.Request.BaseUrl(), detail: true) });
            });
        });
        return app;
    }

    private static IResult Flavors(HttpContext c, CloudStore store, bool detail)
    {
        ApiSupport.Microversion(c, "compute", Min, Max);
        return store.Read(s => Results.Json(new JsonObject
        {
            ["flavors"] = new JsonArray([.. s.Flavors.Select(f => (JsonNode)Views.Flavor(f, c.Request.BaseUrl(), detail))]),
        }));
    }

    public static IEndpointRouteBuilder MapAttachmentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/compute/v2.1/servers/{serverId}/os-volume_attachments").RequireToken();
        group.MapGet("", (string serverId, HttpContext c, CloudStore store) =>
        {
            ApiSupport.Microversion(c, "compute", Min, Max);
            return store.Read(s =>
            {
                _ = s.Servers.FirstOrDefault(x => x.Id == serverId) ?? throw CloudException.NotFound($"Instance {serverId}");
                var items = s.Volumes.SelectMany(v => v.Attachments.Where(a => a.ServerId == serverId).Select(a => (JsonNode)Views.Attachment(v, a)));
                return Results.Json(new JsonObject { ["volumeAttachments"] = new JsonArray([.. items]) });
            });
        });
        group.MapPost("", async (string serverId, HttpContext c, VolumeOperations volumes) =>
        {
            ApiSupport.Microversion(c, "compute", Min, Max);
            var body = (await c.Request.BodyAsync().ConfigureAwait(false))["volumeAttachment"];
            var volumeId = body.Str("volumeId") ?? throw CloudException.BadRequest("Missing volumeAttachment.volumeId");
            var attachment = await volumes.AttachAsync(serverId, volumeId, c.RequestAborted).ConfigureAwait(false);
            return Results.Json(new JsonObject
            {
                ["volumeAttachment"] = new JsonObject { ["id"] = volumeId, ["serverId"] = serverId, ["volumeId"] = volumeId, ["device"] = attachment.Device },
            });
        });
        group.MapDelete("/{volumeId}", async (string serverId, string volumeId, HttpContext c, VolumeOperations volumes) =>
        {
            ApiSupport.Microversion(c, "compute", Min, Max);
            await volumes.DetachAsync(serverId, volumeId, c.RequestAborted).ConfigureAwait(false);
            return Results.Accepted();
        });
        return app;
    }
}
