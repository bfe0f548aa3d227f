using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using RuBackup.Catalog;
using RuBackup.Rbm;
using RuBackup.Rbm.Session;
using RuBackup.Repository.Remote.Server;
using RuBackup.Server.Api;
using RuBackup.Server.Options;
using RuBackup.Server.Pools;
using RuBackup.Server.Services;

namespace RuBackup.Server.Hosting;

/// <summary>
/// One running server: options checked, catalog opened and migrated, the superuser ensured, startup
/// recovery done, and only then Kestrel listening. Used by Program and, in-process, by the tests.
/// </summary>
public sealed class ServerHost : IAsyncDisposable
{
    public const string UrlFileName = "server.url";
    public const string LockFileName = "server.lock";

    private readonly ICatalog _catalog;
    private readonly FileStream _lock;

    private ServerHost(WebApplication app, ICatalog catalog, FileStream folderLock, Uri baseAddress, RecoveryReport recovery)
    {
        App = app;
        _catalog = catalog;
        _lock = folderLock;
        BaseAddress = baseAddress;
        Recovery = recovery;
    }

    public WebApplication App { get; }

    /// <summary>The address actually bound (port 0 in --listen becomes the real port).</summary>
    public Uri BaseAddress { get; }

    public RecoveryReport Recovery { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>
    /// Throws <see cref="OptionsException"/> or <see cref="StartupException"/> with a one-line message
    /// when it cannot start. <paramref name="firstPassword"/> is asked only on a catalog without users.
    /// </summary>
    public static async Task<ServerHost> StartAsync(ServerOptions options, Func<string?> firstPassword, TimeProvider? time = null,
        Action<ILoggingBuilder>? logging = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(firstPassword);
        ServerOptionsValidator.Validate(options);
        var listen = ServerOptionsValidator.ListenUri(options);
        var certificate = options.UsesTls ? LoadCertificate(options) : null;
        try
        {
            Directory.CreateDirectory(options.DataFolder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"--data {options.DataFolder}: cannot create the data folder: {e.Message}", e);
        }
        var folderLock = LockDataFolder(options);
        ICatalog catalog;
        try
        {
            catalog = await OpenCatalogAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await folderLock.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        WebApplication? app = null;
        try
        {
            app = Build(options, catalog, time ?? TimeProvider.System, listen, certificate, logging);
            await app.Services.GetRequiredService<UserService>().EnsureSuperuserAsync(firstPassword, cancellationToken).ConfigureAwait(false);
            var recovery = await app.Services.GetRequiredService<StartupRecovery>().RunAsync(cancellationToken).ConfigureAwait(false);
            await catalog.DeleteExpiredTokensAsync((time ?? TimeProvider.System).GetUtcNow(), cancellationToken).ConfigureAwait(false);
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new StartupException($"--listen {options.EffectiveListen}: {e.InnerException?.Message ?? e.Message}", e);
            }
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var baseAddress = new Uri(address.Replace("//[::]", "//localhost", StringComparison.Ordinal));
            await File.WriteAllTextAsync(Path.Combine(options.DataFolder, UrlFileName), baseAddress.ToString().TrimEnd('/') + "\n", cancellationToken).ConfigureAwait(false);
            return new ServerHost(app, catalog, folderLock, baseAddress, recovery);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }
            await catalog.DisposeAsync().ConfigureAwait(false);
            await folderLock.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => App.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await App.DisposeAsync().ConfigureAwait(false);
            await _catalog.DisposeAsync().ConfigureAwait(false);
            await _lock.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Startup recovery assumes no other server is running on the same data: it ends "running" tasks and
    /// removes pool files of "interrupted" writes. The lock (flock, via FileShare.None) keeps a second
    /// server on the same data folder from doing that to a live one.
    /// </summary>
    private static FileStream LockDataFolder(ServerOptions options)
    {
        var path = Path.Combine(options.DataFolder, LockFileName);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new StartupException($"--data {options.DataFolder}: another rubackup-server uses this data folder ({path} is locked)", e);
        }
    }

    private static WebApplication Build(ServerOptions options, ICatalog catalog, TimeProvider time, Uri listen,
        X509Certificate2? certificate, Action<ILoggingBuilder>? logging)
    {
        // ApplicationName names the static web assets manifest (rubackup-server.staticwebassets.endpoints.json) the console's assets come from.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, ApplicationName = "rubackup-server" });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        // A failed start (port taken) is reported as one line by the caller, not as a logged stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        logging?.Invoke(builder.Logging);
        builder.WebHost.UseKestrelHttpsConfiguration();
        // Run from a build (not a publish), the console's assets are served from where the build left them; published, this finds no runtime manifest and does nothing.
        builder.WebHost.UseStaticWebAssets();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(ServerOptionsValidator.ListenAddress(listen), listen.Port, endpoint =>
            {
                if (certificate is not null)
                {
                    endpoint.UseHttps(certificate);
                }
            });
        });
        // Authentication pulls in data protection, which nothing here uses: keep its keys in memory, not in $HOME.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi();
        builder.Services.AddRuBackupServer(options, catalog, time);
        builder.Services.AddRbm(new RbmOptions { ServerCertificate = certificate });

        var app = builder.Build();
        app.UseMiddleware<ApiErrorMiddleware>();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapOpenApi().AllowAnonymous();
        app.MapAuthApi();
        app.MapUsersApi();
        app.MapClientsApi();
        app.MapPoolsApi();
        app.MapRulesApi();
        app.MapTasksApi();
        app.MapArchivesApi();
        app.MapClientSelfApi();
        app.MapCheckApi();

        app.MapStrategiesApi();

        app.MapNotificationsApi();

        app.MapMovesApi();

        app.MapRbm(Path.Combine(AppContext.BaseDirectory, "rubackup-server.staticwebassets.endpoints.json"));

        app.MapPoolProtocol(PoolAccessResolver.Pattern,
            (context, ct) => context.RequestServices.GetRequiredService<PoolAccessResolver>().ResolveAsync(context, ct));
        return app;
    }

    private static async Task<ICatalog> OpenCatalogAsync(ServerOptions options, CancellationToken cancellationToken)
    {
        ICatalog catalog;
        try
        {
            catalog = CatalogFactory.Open(new CatalogOptions
            {
                Provider = options.CatalogProvider,
                DataFolder = options.DataFolder,
                ConnectionString = options.CatalogConnectionString,
            });
        }
        catch (CatalogOptionsException e)
        {
            throw new OptionsException(e.Message, e);
        }
        try
        {
            await catalog.MigrateAsync(cancellationToken).ConfigureAwait(false);
            return catalog;
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or TimeoutException or InvalidOperationException)
        {
            await catalog.DisposeAsync().ConfigureAwait(false);
            throw new StartupException($"catalog ({options.CatalogProvider}): {e.Message}", e);
        }
    }

    private static X509Certificate2 LoadCertificate(ServerOptions options)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(options.TlsCertificate!, options.TlsKey);
        }
        catch (Exception e) when (e is CryptographicException or IOException or ArgumentException)
        {
            throw new OptionsException($"--tls-cert {options.TlsCertificate} / --tls-key {options.TlsKey}: cannot load the certificate: {e.Message}", e);
        }
    }
}
