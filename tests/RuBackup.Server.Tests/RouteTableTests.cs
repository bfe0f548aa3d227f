using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RuBackup.Api;
using RuBackup.Server.Tests.Support;

namespace RuBackup.Server.Tests;

/// <summary>
/// ApiRoutes' table as data: every route, and who may call it (S superuser, A administrator, O operator,
/// R auditor, C authorized client; "-" anonymous). The server must map exactly these, answer 401 to
/// each without credentials, 403 to each role not listed, and neither to the roles listed.
/// </summary>
public abstract class RouteTableTests(string provider) : ServerTestBase(provider)
{
    public static readonly (string Method, string Path, string Roles)[] Table =
    [
        ("POST", "/api/v1/auth/login", "-"),
        ("POST", "/api/v1/auth/logout", "SAOR"),
        ("GET", "/api/v1/auth/me", "SAOR"),
        ("GET", "/api/v1/users", "SAR"),
        ("POST", "/api/v1/users", "SA"),
        ("PATCH", "/api/v1/users/{name}", "SA"),
        ("DELETE", "/api/v1/users/{name}", "SA"),
        ("GET", "/api/v1/audit", "SAR"),
        ("POST", "/api/v1/clients/register", "-"),
        ("POST", "/api/v1/clients/challenge", "-"),
        ("POST", "/api/v1/clients/token", "-"),
        ("GET", "/api/v1/clients", "SAOR"),
        ("GET", "/api/v1/clients/{id}", "SAOR"),
        ("PATCH", "/api/v1/clients/{id}", "SA"),
        ("POST", "/api/v1/clients/{id}/authorize", "SA"),
        ("POST", "/api/v1/clients/{id}/revoke", "SA"),
        ("DELETE", "/api/v1/clients/{id}", "SA"),
        ("GET", "/api/v1/clients/{id}/resources", "SAOR"),
        ("GET", "/api/v1/pools", "SAOR"),
        ("POST", "/api/v1/pools", "SA"),
        ("DELETE", "/api/v1/pools/{name}", "SA"),
        ("GET", "/api/v1/rules", "SAOR"),
        ("GET", "/api/v1/rules/{id}", "SAOR"),
        ("POST", "/api/v1/rules", "SA"),
        ("PUT", "/api/v1/rules/{id}", "SA"),
        ("DELETE", "/api/v1/rules/{id}", "SA"),
        ("POST", "/api/v1/rules/{id}/pause", "SAO"),
        ("POST", "/api/v1/rules/{id}/resume", "SAO"),
        ("POST", "/api/v1/rules/{id}/run", "SAO"),
        ("GET", "/api/v1/tasks", "SAOR"),
        ("GET", "/api/v1/tasks/{id}", "SAOR"),
        ("GET", "/api/v1/tasks/{id}/log", "SAOR"),
        ("POST", "/api/v1/tasks/{id}/cancel", "SAO"),
        ("GET", "/api/v1/archives", "SAOR"),
        ("GET", "/api/v1/archives/{id}", "SAOR"),
        ("POST", "/api/v1/archives/{id}/restore", "SAO"),
        ("POST", "/api/v1/archives/{id}/verify", "SAO"),
        ("DELETE", "/api/v1/archives/{id}", "SA"),
        ("GET", "/api/v1/check", "SAR"),
        ("POST", "/api/v1/archives/{id}/move", "SA"),
        ("POST", "/api/v1/pools/{name}/gc", "SA"),
        ("GET", "/api/v1/notifications", "SAR"),
        ("POST", "/api/v1/notifications/test", "SA"),
        ("GET", "/api/v1/strategies", "SAOR"),
        ("GET", "/api/v1/strategies/{id}", "SAOR"),
        ("POST", "/api/v1/strategies", "SA"),
        ("PUT", "/api/v1/strategies/{id}", "SA"),
        ("DELETE", "/api/v1/strategies/{id}", "SA"),
        ("POST", "/api/v1/strategies/{id}/pause", "SAO"),
        ("POST", "/api/v1/strategies/{id}/resume", "SAO"),
        ("POST", "/api/v1/strategies/{id}/run", "SAO"),
        ("GET", "/api/v1/strategies/{id}/rules", "SAOR"),
        ("POST", "/api/v1/client/resources", "C"),
        ("GET", "/api/v1/client/tasks/next", "C"),
        ("POST", "/api/v1/client/tasks/{id}/start", "C"),
        ("POST", "/api/v1/client/tasks/{id}/progress", "C"),
        ("POST", "/api/v1/client/tasks/{id}/log", "C"),
        ("POST", "/api/v1/client/tasks/{id}/finish", "C"),
        ("POST", "/api/v1/client/tasks/{id}/heartbeat", "C"),
        ("GET", "/api/v1/client/tasks", "C"),
        ("GET", "/api/v1/client/tasks/{id}", "C"),
        ("GET", "/api/v1/client/tasks/{id}/log", "C"),
        ("GET", "/api/v1/client/archives", "C"),
        ("POST", "/api/v1/client/archives/{id}/restore", "C"),
    ];

    private static readonly string[] PoolProtocolSamples =
    [
        "GET /api/v1/client/tasks/1/pool/config",
        "GET /api/v1/client/tasks/1/pool/manifests",
        "POST /api/v1/client/tasks/1/pool/sessions",
    ];

    private static string Concrete(string path) => path
        .Replace("{name}", "nobody", StringComparison.Ordinal)
        .Replace("{id}", "999999", StringComparison.Ordinal)
        .Replace("/tasks/next", "/tasks/next?wait=0", StringComparison.Ordinal);

    private static bool Anonymous((string Method, string Path, string Roles) route) => route.Roles == "-";

    [Fact]
    public void Server_MapsExactlyTheRouteTable()
    {
        var mapped = Server.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => $"{m} {System.Text.RegularExpressions.Regex.Replace(e.RoutePattern.RawText!, ":[a-z]+}", "}").TrimEnd('/')}"))
            // The web console's pages and its session endpoints are not REST routes; they have their own tests.
            .Where(r => r.Contains(" /api/", StringComparison.Ordinal) && !r.Contains("/{taskId}/pool", StringComparison.Ordinal))
            .ToHashSet();
        var expected = Table.Select(r => $"{r.Method} {r.Path}").ToHashSet();
        Assert.Empty(mapped.Except(expected));
        Assert.Empty(expected.Except(mapped));
    }

    [Fact]
    public async Task EveryRoute_WithoutCredentials_Answers401()
    {
        var anonymous = Server.Anonymous();
        var garbage = Server.NewClient("not-a-token");
        var routes = Table.Where(r => !Anonymous(r)).Select(r => $"{r.Method} {Concrete(r.Path)}").Concat(PoolProtocolSamples).ToList();
        Assert.Equal(Table.Length - 4 + PoolProtocolSamples.Length, routes.Count);
        foreach (var route in routes)
        {
            var (method, path) = (route.Split(' ')[0], route.Split(' ')[1]);
            foreach (var client in new[] { anonymous, garbage })
            {
                var body = method is "POST" or "PUT" or "PATCH" ? new { } : null;
                var error = await Http.ExpectAsync(HttpStatusCode.Unauthorized, client, new HttpMethod(method), path, body);
                Assert.False(string.IsNullOrEmpty(error?.Error), route);
            }
        }
    }

    [Fact]
    public async Task EveryRoute_EachRole_AllowedOrForbiddenAsTheTableSays()
    {
        await CreatePoolAsync();
        var callers = new Dictionary<char, HttpClient>
        {
            ['S'] = Admin,
            ['A'] = await Server.UserAsync(UserRole.Administrator, "admin1"),
            ['O'] = await Server.UserAsync(UserRole.Operator, "oper1"),
            ['R'] = await Server.UserAsync(UserRole.Auditor, "audit1"),
            ['C'] = (await FakeClient.AuthorizedAsync(Server, "client1")).Http,
        };
        var unauthorizedClient = (await FakeClient.RegisterAsync(Server, "client2")).Http;
        // Logout last: it ends the caller's token.
        foreach (var route in Table.Where(r => !Anonymous(r)).OrderBy(r => r.Path.EndsWith("/logout", StringComparison.Ordinal)))
        {
            foreach (var (role, client) in callers)
            {
                var response = await Http.SendAsync(client, new HttpMethod(route.Method), Concrete(route.Path), route.Method is "POST" or "PUT" or "PATCH" ? new { } : null);
                var status = (int)response.StatusCode;
                var what = $"{role} {route.Method} {route.Path}: {status} {await response.Content.ReadAsStringAsync()}";
                if (route.Roles.Contains(role, StringComparison.Ordinal))
                {
                    Assert.True(status is not (401 or 403) and < 500, what);
                }
                else
                {
                    Assert.True(status == 403, what);
                }
            }
            var unauthorized = await Http.SendAsync(unauthorizedClient, new HttpMethod(route.Method), Concrete(route.Path), route.Method is "POST" or "PUT" or "PATCH" ? new { } : null);
            Assert.Equal(HttpStatusCode.Forbidden, unauthorized.StatusCode);
        }
    }

    [Fact]
    public async Task OpenApi_IsServedAnonymouslyAndListsTheRoutes()
    {
        var text = await Server.Anonymous().GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        foreach (var route in Table)
        {
            Assert.Contains($"\"{route.Path}\"", text, StringComparison.Ordinal);
        }
    }
}

public sealed class SqliteRouteTableTests() : RouteTableTests(CatalogBackend.Sqlite);

public sealed class PostgresRouteTableTests() : RouteTableTests(CatalogBackend.PostgreSql);
