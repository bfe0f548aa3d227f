using System.Text.Json.Nodes;
using RuBackup.RustackSim.Model;
using RuBackup.RustackSim.Services;

namespace RuBackup.RustackSim.Api;

/// <summary>Keystone v3: discovery, password tokens with a catalog, validation.</summary>
public static class IdentityApi
{
    public static IEndpointRouteBuilder MapIdentityApi(this IEndpointRouteBuilder app)
    {
        // Keystone answers 300 Multiple Choices at the root.
        app.MapGet("/", (HttpRequest r) => Results.Json(new JsonObject { ["versions"] = new JsonObject { ["values"] = new JsonArray(Version(r)) } }, statusCode: 300));
        app.MapGet("/v3", (HttpRequest r) => Results.Json(new JsonObject { ["version"] = Version(r) }));
        app.MapPost("/v3/auth/tokens", IssueAsync);
        app.MapGet("/v3/auth/tokens", Validate);
        app.MapMethods("/v3/auth/tokens", ["HEAD"], (HttpContext c, TokenService tokens) =>
            tokens.Validate(c.Request.Headers["X-Auth-Token"]) is null || tokens.Validate(c.Request.Headers["X-Subject-Token"]) is null
                ? Results.StatusCode(404) : Results.Ok());
        return app;
    }

    private static JsonObject Version(HttpRequest r) => new()
    {
        ["id"] = "v3.14",
        ["status"] = "stable",
        ["updated"] = "2020-04-07T00:00:00Z",
        ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = $"{r.BaseUrl()}/v3/" }),
        ["media-types"] = new JsonArray(new JsonObject { ["base"] = "application/json", ["type"] = "application/vnd.openstack.identity-v3+json" }),
    };

    private static async Task<IResult> IssueAsync(HttpContext context, TokenService tokens, CloudStore store)
    {
        var body = await context.Request.BodyAsync().ConfigureAwait(false);
        var identity = body["auth"]?["identity"];
        var user = identity?["password"]?["user"];
        if (user is null)
        {
            return ApiSupport.Unauthorized("Only password authentication is supported.");
        }
        var domain = user["domain"].Str("name") ?? user["domain"].Str("id");
        var token = tokens.Authenticate(user.Str("name"), user.Str("id"), domain, user.Str("password"));
        if (token is null)
        {
            return ApiSupport.Unauthorized("The request you have made requires authentication.");
        }
        var scope = body["auth"]?["scope"]?["project"];
        var (projectId, projectName, domainName) = store.Read(s => (s.ProjectId, s.ProjectName, s.Domain));
        if (scope is not null)
        {
            var byId = scope.Str("id");
            var byName = scope.Str("name");
            var scopeDomain = scope["domain"].Str("name") ?? scope["domain"].Str("id");
            var matches = byId is not null
                ? byId == projectId
                : byName == projectName && (scopeDomain is null || string.Equals(scopeDomain, domainName, StringComparison.OrdinalIgnoreCase));
            if (!matches)
            {
                return ApiSupport.Unauthorized($"User has no access to project {byId ?? byName}");
            }
        }
        context.Response.Headers["X-Subject-Token"] = token.Id;
        return Results.Json(new JsonObject { ["token"] = Describe(context.Request, store, token, scope is not null) }, statusCode: 201);
    }

    private static IResult Validate(HttpContext context, TokenService tokens, CloudStore store)
    {
        if (tokens.Validate(context.Request.Headers["X-Auth-Token"]) is null)
        {
            return ApiSupport.Unauthorized("The request you have made requires authentication.");
        }
        var subject = tokens.Validate(context.Request.Headers["X-Subject-Token"]);
        if (subject is null)
        {
            return Results.Json(new JsonObject { ["error"] = new JsonObject { ["code"] = 404, ["title"] = "Not Found", ["message"] = "Could not find token." } }, statusCode: 404);
        }
        context.Response.Headers["X-Subject-Token"] = subject.Id;
        return Results.Json(new JsonObject { ["token"] = Describe(context.Request, store, subject, scoped: true) });
    }

    private static JsonObject Describe(HttpRequest request, CloudStore store, TokenRecord token, bool scoped) => store.Read(state =>
    {
        var credential = token.IsAdmin ? state.Admin : state.User;
        var domain = new JsonObject { ["id"] = state.Domain, ["name"] = state.Domain };
        var roles = new JsonArray(new JsonObject { ["id"] = "r-member", ["name"] = "member" }, new JsonObject { ["id"] = "r-reader", ["name"] = "reader" });
        if (token.IsAdmin)
        {
            roles.Add(new JsonObject { ["id"] = "r-admin", ["name"] = "admin" });
        }
        var node = new JsonObject
        {
            ["methods"] = new JsonArray("password"),
            ["user"] = new JsonObject { ["id"] = credential.Id, ["name"] = credential.Name, ["domain"] = domain.DeepClone(), ["password_expires_at"] = null },
            ["audit_ids"] = new JsonArray(token.Id[^22..]),
            ["expires_at"] = token.ExpiresAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", System.Globalization.CultureInfo.InvariantCulture),
            ["issued_at"] = token.IssuedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (scoped)
        {
            node["project"] = new JsonObject { ["id"] = state.ProjectId, ["name"] = state.ProjectName, ["domain"] = domain.DeepClone() };
            node["is_domain"] = false;
            node["roles"] = roles;
            node["catalog"] = Catalog(request.BaseUrl(), state.ProjectId);
        }
        return node;
    });

    private static JsonArray Catalog(string baseUrl, string projectId)
    {
        JsonObject Service(string type, string name, string url) => new()
        {
            ["id"] = type + "-service",
            ["type"] = type,
            ["name"] = name,
            ["endpoints"] = new JsonArray([.. new[] { "public", "internal", "admin" }.Select(i => (JsonNode)new JsonObject
            {
                ["id"] = $"{type}-{i}", ["interface"] = i, ["region"] = "RegionOne", ["region_id"] = "RegionOne", ["url"] = url,
            })]),
        };
        var volume = $"{baseUrl}/volume/v3/{projectId}";
        return
        [
            Service("identity", "keystone", $"{baseUrl}/v3"),
            Service("compute", "nova", $"{baseUrl}/compute/v2.1"),
            Service("volumev3", "cinderv3", volume),
            Service("block-storage", "cinder", volume),
            Service("image", "glance", $"{baseUrl}/image"),
            Service("network", "neutron", $"{baseUrl}/network"),
        ];
    }
}
