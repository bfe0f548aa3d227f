using System.Net;
using System.Text.Json;
using RuBackup.Api;

namespace RuBackup.Client.Api;

/// <summary>Turns a failed answer into one line: the server's ApiError, else ASP.NET's problem details, else the status.</summary>
internal static class ApiErrors
{
    public static async Task<ApiException> FromResponseAsync(HttpResponseMessage response, HttpMethod method, string route, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        string text;
        try
        {
            text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            text = "";
        }
        var message = FromBody(text) ?? Default(response.StatusCode, method, route);
        return new ApiException(status, OneLine(message)) { Field = FieldOf(text) };
    }

    /// <summary>The ApiError's field, when the body is one and names a field.</summary>
    public static string? FieldOf(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Deserialize<ApiError>(ApiJson.Options)?.Field : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string? FromBody(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            var error = document.RootElement.Deserialize<ApiError>(ApiJson.Options);
            if (!string.IsNullOrWhiteSpace(error?.Error))
            {
                return error.Field is null || error.Error.Contains(error.Field, StringComparison.Ordinal) ? error.Error : $"{error.Field}: {error.Error}";
            }
            // ASP.NET's own refusals (a body it could not bind) come as problem details.
            var root = document.RootElement;
            var detail = String(root, "detail") ?? String(root, "title");
            if (detail is not null && root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                var first = errors.EnumerateObject().FirstOrDefault();
                if (first.Value.ValueKind == JsonValueKind.Array && first.Value.GetArrayLength() > 0)
                {
                    detail = $"{detail}: {first.Name}: {first.Value[0]}";
                }
            }
            return detail;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string Innermost(Exception e)
    {
        var messages = new List<string>();
        for (var current = e; current is not null; current = current.InnerException)
        {
            // Inner exceptions often repeat (part of) the outer message: keep only what adds something.
            if (!messages.Any(m => m.Contains(current.Message, StringComparison.Ordinal) || current.Message.Contains(m, StringComparison.Ordinal)))
            {
                messages.Add(current.Message);
            }
            else if (messages.FindIndex(m => current.Message.Contains(m, StringComparison.Ordinal)) is var shorter and >= 0)
            {
                messages[shorter] = current.Message;
            }
        }
        return OneLine(string.Join(": ", messages));
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Default(HttpStatusCode status, HttpMethod method, string route) => status switch
    {
        HttpStatusCode.Unauthorized => $"the server refused the credentials (401) for {method} {route}",
        HttpStatusCode.Forbidden => $"not allowed (403): {method} {route}",
        HttpStatusCode.NotFound => $"not found (404): {method} {route}",
        _ => $"the server answered {(int)status} {status} to {method} {route}",
    };

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
