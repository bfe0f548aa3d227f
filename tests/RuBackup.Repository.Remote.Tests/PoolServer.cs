using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RuBackup.Repository.Engine;
using RuBackup.Repository.Remote.Server;
using RuBackup.Repository.Storage;

namespace RuBackup.Repository.Remote.Tests;

/// <summary>
/// A real Kestrel server on 127.0.0.1 (a free port) mapping the pool protocol over a local folder pool,
/// the way rubackup-server maps it: one pool URL per task, the bearer token checked by resolve.
/// </summary>
internal sealed class PoolServer : IAsyncDisposable
{
    public const string Token = "good-token";
    public const string Pattern = "/api/v1/client/tasks/{taskId:long}/pool";
    private readonly WebApplication _app;
    private bool _stopped;

    private PoolServer(WebApplication app, LocalFolderDevice pool, Uri root)
    {
        _app = app;
        Pool = pool;
        Root = root;
    }

    public LocalFolderDevice Pool { get; }

    public Uri Root { get; }

    /// <summary>What the next requests may do; tests change it between calls.</summary>
    public Func<HttpContext, PoolAccess>? Access { get; set; }

    /// <summary>Thrown by resolve instead of answering (a refused task or client).</summary>
    public PoolAccessDeniedException? Deny { get; set; }

    public int ResolveCalls;

    public Uri PoolUrl(long task = 7) => new(Root, $"/api/v1/client/tasks/{task}/pool");

    public HttpPoolDevice Client(long task = 7, HttpMessageHandler? handler = null, string token = Token) => new(PoolUrl(task), token, handler);

    public static async Task<PoolServer> StartAsync(string poolFolder, bool dedup = true, PoolProtocolOptions? options = null, TimeProvider? time = null,
        int chunkSize = 16 << 10, bool createPool = true, X509Certificate2? tls = null)
    {
        var pool = new LocalFolderDevice(poolFolder);
        if (createPool)
        {
            await BackupRepository.InitAsync(pool, dedup, chunkSize, encryptionRequired: false);
        }
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.UseUrls(tls is null ? "http://127.0.0.1:0" : "https://127.0.0.1:0");
        if (tls is not null)
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = tls));
        }
        if (options is not null)
        {
            builder.Services.AddSingleton(options);
        }
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }
        var app = builder.Build();
        PoolServer? server = null;
        app.MapPoolProtocol(Pattern, (context, _) =>
        {
            Interlocked.Increment(ref server!.ResolveCalls);
            if (context.Request.Headers.Authorization != "Bearer " + Token)
            {
                throw new PoolAccessDeniedException(401, "a valid bearer token is required");
            }
            if (server.Deny is { } deny)
            {
                throw deny;
            }
            return Task.FromResult(server.Access?.Invoke(context) ?? new PoolAccess { Device = pool, CanWrite = true });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server = new PoolServer(app, pool, new Uri(address));
        return server;
    }

    /// <summary>Stops the host the way a shutdown does (write sessions abandoned), then disposes it.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
