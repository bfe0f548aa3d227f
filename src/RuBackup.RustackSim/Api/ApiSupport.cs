using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RuBackup.RustackSim.Model;
using RuBackup.RustackSim.Services;

namespace RuBackup.RustackSim.Api;

/// <summary>What every OpenStack handler shares: token checks, error bodies, JSON bodies, times.</summary>
public static class ApiSupport
{
    private const string TokenKey = "rustack.token";

    public static string BaseUrl(this HttpRequest request) => $"{request.Scheme}://{request.Host}";

    public static TokenRecord Token(this HttpContext context) => (TokenRecord)context.Items[TokenKey]!;

    public static bool IsAdmin(this HttpContext context) => context.Token().IsAdmin;

    /// <summary>Every service but identity's discovery needs a valid X-Auth-Token, as behind keystonemiddleware.</summary>
    public static TBuilder RequireToken<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            var token = context.RequestServices.GetRequiredService<TokenService>().Validate(context.Request.Headers["X-Auth-Token"]);
            if (token is null)
            {
                return Unauthorized("The request you have made requires authentication.");
            }
            context.Items[TokenKey] = token;
            return await next(invocation).ConfigureAwait(false);
        });

    public static IResult Unauthorized(string message) => Results.Json(
        new JsonObject { ["error"] = new JsonObject { ["code"] = 401, ["title"] = "Unauthorized", ["message"] = message } }, statusCode: 401);

    /// <summary>Turns CloudException into Nova/Cinder-style error bodies ({"itemNotFound": {...}}).</summary>
    public static async Task HandleErrors(HttpContext context, Func<Task> next)
    {
        try
        {
            await next().ConfigureAwait(false);
        }
        catch (CloudException e) when (!context.Response.HasStarted)
        {
            await WriteError(context, e.Status, e.Message).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException && !context.Response.HasStarted)
        {
            await WriteError(context, 400, "Malformed request body: " + e.Message).ConfigureAwait(false);
        }
    }

    private static Task WriteError(HttpContext context, int status, string message)
    {
        var key = status switch
        {
            400 => "badRequest",
            401 => "unauthorized",
            403 => "forbidden",
            404 => "itemNotFound",
            409 => "conflictingRequest",
            _ => "computeFault",
        };
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new JsonObject { [key] = new JsonObject { ["code"] = status, ["message"] = message } });
    }

    public static async Task<JsonObject> BodyAsync(this HttpRequest request)
    {
        var node = await JsonNode.ParseAsync(request.Body).ConfigureAwait(false);
        return node as JsonObject ?? throw new FormatException("expected a JSON object");
    }

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    public static string TimeZ(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public static JsonObject Map(Dictionary<string, string> values)
    {
        var result = new JsonObject();
        foreach (var (k, v) in values)
        {
            result[k] = v;
        }
        return result;
    }

    public static Dictionary<string, string>? ReadMap(JsonNode? node) =>
        node is JsonObject o ? o.ToDictionary(p => p.Key, p => p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : p.Value?.ToJsonString() ?? "") : null;

    public static string? Str(this JsonNode? node, string name) => node?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>Accepts true/"true"/"True" as OpenStack services do for boolean flags.</summary>
    public static bool Flag(this JsonNode? node, string name) => node?[name] switch
    {
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) => bool.TryParse(s, out var parsed) && parsed,
        _ => false,
    };

    public static int? Int(this JsonNode? node, string name) => node?[name] switch
    {
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    public static JsonArray Links(string self) => [new JsonObject { ["rel"] = "self", ["href"] = self }, new JsonObject { ["rel"] = "bookmark", ["href"] = self }];

    /// <summary>
    /// The requested microversion of a service ("compute" or "volume"): from OpenStack-API-Version or
    /// the legacy Nova header; "latest" is the maximum. The answer echoes it, as the services do.
    /// </summary>
    public static Version Microversion(HttpContext context, string service, Version min, Version max)
    {
        var requested = context.Request.Headers["OpenStack-API-Version"].ToString();
        string? value = null;
        if (requested.StartsWith(service + " ", StringComparison.OrdinalIgnoreCase))
        {
            value = requested[(service.Length + 1)..].Trim();
        }
        else if (service == "compute" && context.Request.Headers.TryGetValue("X-OpenStack-Nova-API-Version", out var legacy))
        {
            value = legacy.ToString().Trim();
        }
        var version = value switch
        {
            null or "" => min,
            "latest" => max,
            _ when Version.TryParse(value, out var parsed) && parsed >= min && parsed <= max => parsed,
            _ => throw new CloudException(406, $"Version {value} is not supported by the API. Minimum is {min} and maximum is {max}."),
        };
        var text = $"{version.Major}.{version.Minor}";
        context.Response.Headers["OpenStack-API-Version"] = $"{service} {text}";
        if (service == "compute")
        {
            context.Response.Headers["X-OpenStack-Nova-API-Version"] = text;
        }
        context.Response.Headers.Vary = "OpenStack-API-Version";
        return version;
    }
}
