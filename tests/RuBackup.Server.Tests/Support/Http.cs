using System.Net;
using System.Net.Http.Json;
using RuBackup.Api;

namespace RuBackup.Server.Tests.Support;

/// <summary>JSON calls that fail the test with the server's error body when the status is not what was expected.</summary>
public static class Http
{
    public static async Task EnsureAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            throw new Xunit.Sdk.XunitException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: {(int)response.StatusCode} {body}");
        }
    }

    public static async Task<T> GetAsync<T>(HttpClient client, string path)
    {
        ArgumentNullException.ThrowIfNull(client);
        var response = await client.GetAsync(new Uri(path, UriKind.Relative)).ConfigureAwait(false);
        await EnsureAsync(response).ConfigureAwait(false);
        return (await response.Content.ReadFromJsonAsync<T>().ConfigureAwait(false))!;
    }

    public static async Task<T> PostAsync<T>(HttpClient client, string path, object? body = null)
    {
        var response = await SendAsync(client, HttpMethod.Post, path, body).ConfigureAwait(false);
        await EnsureAsync(response).ConfigureAwait(false);
        return (await response.Content.ReadFromJsonAsync<T>().ConfigureAwait(false))!;
    }

    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object? body = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType());
        }
        return await client.SendAsync(request).ConfigureAwait(false);
    }

    /// <summary>Sends and asserts the status; returns the ApiError body for error statuses.</summary>
    public static async Task<ApiError?> ExpectAsync(HttpStatusCode status, HttpClient client, HttpMethod method, string path, object? body = null)
    {
        var response = await SendAsync(client, method, path, body).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        Assert.True(response.StatusCode == status, $"{method} {path}: expected {(int)status}, got {(int)response.StatusCode} {text}");
        return (int)status >= 400 && text.Length > 0 ? System.Text.Json.JsonSerializer.Deserialize<ApiError>(text, System.Text.Json.JsonSerializerOptions.Web) : null;
    }
}
