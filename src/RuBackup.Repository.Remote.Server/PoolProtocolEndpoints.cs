using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RuBackup.Repository.Remote.Server;

/// <summary>The server half of the pool protocol (docs/format.md, "Pool protocol").</summary>
public static class PoolProtocolEndpoints
{
    /// <summary>
    /// Maps the pool protocol under <paramref name="pattern"/>. Every request first calls
    /// <paramref name="resolve"/>, which authenticates the caller and says what it may do, or throws
    /// <see cref="PoolAccessDeniedException"/> to refuse with that status and {"error": message}.
    /// Write sessions live in memory; they are abandoned after <see cref="PoolProtocolOptions.SessionIdleTimeout"/>
    /// without a request and when the host stops. Options and the TimeProvider come from the
    /// services when registered.
    /// </summary>
    public static RouteGroupBuilder MapPoolProtocol(this IEndpointRouteBuilder app, string pattern,
        Func<HttpContext, CancellationToken, Task<PoolAccess>> resolve)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(resolve);
        var services = app.ServiceProvider;
        var log = services.GetService<ILoggerFactory>()?.CreateLogger("RuBackup.PoolProtocol") ?? NullLogger.Instance;
        var registry = new WriteSessionRegistry(services.GetService<TimeProvider>() ?? TimeProvider.System, services.GetService<PoolProtocolOptions>() ?? new(), log);
        if (services.GetService<IHostApplicationLifetime>() is { } lifetime)
        {
            lifetime.ApplicationStopping.Register(registry.StopAll);
            lifetime.ApplicationStopped.Register(registry.Dispose);
        }
        var writes = new PoolWriteHandlers(registry);

        Task Run(HttpContext context, Func<PoolAccess, CancellationToken, Task> handler) => PoolRequest.RunAsync(context, resolve, log, handler);
        static string Route(HttpContext context, string name) => (string)context.Request.RouteValues[name]!;

        var group = app.MapGroup(pattern);
        group.MapGet(PoolWire.Config, context => Run(context, (access, ct) => PoolReadHandlers.ConfigAsync(context, access, ct)));
        group.MapGet(PoolWire.Manifests, context => Run(context, (access, ct) => PoolReadHandlers.ListManifestsAsync(context, access, ct)));
        group.MapGet(PoolWire.Manifests + "/{archive}", context =>
            Run(context, (access, ct) => PoolReadHandlers.GetManifestAsync(context, access, Route(context, "archive"), ct)));
        group.MapGet(PoolWire.Chunks + "/{kind}/{name}/{digest}", context =>
            Run(context, (access, ct) => PoolReadHandlers.GetChunkAsync(context, access, Route(context, "kind"), Route(context, "name"), Route(context, "digest"), ct)));
        group.MapPost(PoolWire.Sessions, context => Run(context, (access, ct) => writes.BeginAsync(context, access, ct)));
        group.MapPost(PoolWire.Sessions + "/{session}/" + PoolWire.Missing + "/{kind}/{name}", context =>
            Run(context, (access, ct) => writes.FindMissingAsync(context, access, Route(context, "session"), Route(context, "kind"), Route(context, "name"), ct)));
        group.MapPost(PoolWire.Sessions + "/{session}/" + PoolWire.Chunks + "/{kind}/{name}", context =>
            Run(context, (access, ct) => writes.PutChunksAsync(context, access, Route(context, "session"), Route(context, "kind"), Route(context, "name"), ct)));
        group.MapPost(PoolWire.Sessions + "/{session}/" + PoolWire.Commit, context =>
            Run(context, (access, ct) => writes.CommitAsync(context, access, Route(context, "session"), ct)));
        group.MapDelete(PoolWire.Sessions + "/{session}", context =>
            Run(context, (access, _) => writes.AbandonAsync(context, access, Route(context, "session"))));
        return group;
    }
}
