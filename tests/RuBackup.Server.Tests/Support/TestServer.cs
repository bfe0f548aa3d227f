using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Server.Hosting;
using RuBackup.Server.Options;

namespace RuBackup.Server.Tests.Support;

/// <summary>
/// The real server, in process, on Kestrel at 127.0.0.1 with a free port, over a temporary data folder
/// and the given catalog backend. Restartable on the same folder and catalog.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    public const string SuperuserPassword = "first-start-password";
    public const int Iterations = 1000;

    private readonly List<HttpClient> _clients = [];

    private TestServer(string root, CatalogBackend backend, TimeProvider? time, Action<ServerOptions>? configure)
    {
        Root = root;
        Backend = backend;
        Time = time;
        Configure = configure;
    }

    public string Root { get; }

    public string DataFolder => Path.Combine(Root, "data");

    public CatalogBackend Backend { get; }

    public TimeProvider? Time { get; }

    public Action<ServerOptions>? Configure { get; }

    public ServerHost Host { get; private set; } = null!;

    public Uri BaseAddress => Host.BaseAddress;

    /// <summary>Every line logged by the server, for "never logs a secret" checks.</summary>
    public CapturedLog Log { get; } = new();

    public static async Task<TestServer> StartAsync(CatalogBackend backend, TimeProvider? time = null, Action<ServerOptions>? configure = null)
    {
        var root = Directory.CreateTempSubdirectory("rubackup-server-test-").FullName;
        var server = new TestServer(root, backend, time, configure);
        await server.StartHostAsync().ConfigureAwait(false);
        return server;
    }

    public ServerOptions Options()
    {
        var options = new ServerOptions
        {
            Listen = "http://127.0.0.1:0",
            DataFolder = DataFolder,
            CatalogProvider = Backend.Provider,
            CatalogConnectionString = Backend.ConnectionString,
            PasswordIterations = Iterations,
            WorkerPollInterval = TimeSpan.FromMilliseconds(200),
        };
        Configure?.Invoke(options);
        return options;
    }

    public async Task StartHostAsync()
    {
        Host = await ServerHost.StartAsync(Options(), () => SuperuserPassword, Time, logging => logging.ClearProviders().AddProvider(Log)).ConfigureAwait(false);
    }

    public async Task RestartAsync()
    {
        await Host.DisposeAsync().ConfigureAwait(false);
        await StartHostAsync().ConfigureAwait(false);
    }

    public async Task StopAsync() => await Host.DisposeAsync().ConfigureAwait(false);

    /// <summary>A client without credentials; requests go to the current host even after a restart.</summary>
    public HttpClient Anonymous() => NewClient(null);

    public HttpClient NewClient(string? token)
    {
        var client = new HttpClient(new RedirectingHandler(this)) { BaseAddress = new Uri("http://server.invalid/") };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        _clients.Add(client);
        return client;
    }

    public async Task<TokenResponse> LoginAsync(string user, string password)
    {
        var response = await Anonymous().PostAsJsonAsync(ApiRoutes.Login, new LoginRequest(user, password)).ConfigureAwait(false);
        await Http.EnsureAsync(response).ConfigureAwait(false);
        return (await response.Content.ReadFromJsonAsync<TokenResponse>().ConfigureAwait(false))!;
    }

    public async Task<HttpClient> SuperuserAsync() => NewClient((await LoginAsync("rubackup", SuperuserPassword).ConfigureAwait(false)).Token);

    /// <summary>Creates a user of the role (through the superuser) and returns a client signed in as it.</summary>
    public async Task<HttpClient> UserAsync(UserRole role, string? name = null)
    {
        name ??= role.ToString().ToLowerInvariant() + "1";
        var superuser = await SuperuserAsync().ConfigureAwait(false);
        await Http.PostAsync<UserInfo>(superuser, ApiRoutes.Users, new CreateUserRequest(name, "password-" + name, role)).ConfigureAwait(false);
        return NewClient((await LoginAsync(name, "password-" + name).ConfigureAwait(false)).Token);
    }

    /// <summary>The catalog beside the server (or with it stopped), for setting up states the API cannot make.</summary>
    public async Task<ICatalog> OpenCatalogAsync()
    {
        var catalog = CatalogFactory.Open(new CatalogOptions { Provider = Backend.Provider, DataFolder = DataFolder, ConnectionString = Backend.ConnectionString });
        await catalog.MigrateAsync(CancellationToken.None).ConfigureAwait(false);
        return catalog;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        await Host.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Sends every request to the server's current address, so clients survive a restart on another port.</summary>
    private sealed class RedirectingHandler(TestServer server) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var target = new UriBuilder(request.RequestUri!) { Scheme = server.BaseAddress.Scheme, Host = server.BaseAddress.Host, Port = server.BaseAddress.Port };
            request.RequestUri = target.Uri;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
