using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace RuBackup.Server.Tests.Support;

/// <summary>A webhook receiver on 127.0.0.1 (Kestrel, free port): keeps every POSTed body and answers <see cref="Status"/>.</summary>
public sealed class WebhookListener : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string ContentType, string Body)> _received = new();

    private WebhookListener(WebApplication app) => _app = app;

    /// <summary>The status every request gets (200 until a test changes it).</summary>
    public int Status { get; set; } = StatusCodes.Status200OK;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<(string ContentType, string Body)> Received => [.. _received];

    public static async Task<WebhookListener> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var listener = new WebhookListener(app);
        app.MapPost("/hooks/{name}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            listener._received.Enqueue((context.Request.ContentType ?? "", await reader.ReadToEndAsync()));
            context.Response.StatusCode = listener.Status;
        });
        await app.StartAsync();
        listener.Url = new Uri(new Uri(app.Urls.First()), "/hooks/backup-events?token=t0ps3cret");
        return listener;
    }

    public async Task<IReadOnlyList<JsonElement>> WaitForAsync(int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (_received.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.True(_received.Count >= count, $"expected {count} webhook call(s), got {_received.Count}");
        return Received.Select(r => JsonDocument.Parse(r.Body).RootElement.Clone()).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
