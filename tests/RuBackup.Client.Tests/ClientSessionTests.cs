using RuBackup.Api;
using RuBackup.Client.Api;
using RuBackup.Client.Auth;
using RuBackup.Client.Keys;

namespace RuBackup.Client.Tests;

public sealed class ClientSessionTests
{
    private static readonly ClientIdentity Identity = new("web-node", "host-1", ["rustack"], false, "1.0.0");

    [Fact]
    public async Task RegisterAndCall_SignedChallenge_TokenAcceptedByTheServer()
    {
        await using var server = await FakeServer.StartAsync();
        using var root = new TestRoot();
        using var keys = ClientKeys.LoadOrCreate(root.Paths);
        using var api = new RuBackupApiClient(server.Url);
        using var session = new ClientSession(api, keys);
        long? saved = null;
        session.Registered = id => saved = id;

        var registration = await session.RegisterAsync(Identity, CancellationToken.None);
        var next = await api.NextTaskAsync(TimeSpan.Zero);

        Assert.Equal(1, registration.ClientId);
        Assert.Equal(1, saved);
        Assert.Null(next);
        Assert.Equal(keys.PublicKey, server.Registration!.PublicKey);
        Assert.Equal(new[] { "rustack" }, server.Registration.Modules);
        Assert.False(server.Registration.CentralizedRestore);
        Assert.Equal(1, server.TokensIssued);
        Assert.All(server.RequestsTo("GET", ApiRoutes.ClientNextTask), r => Assert.Equal("Bearer client-token-1", r.Authorization));
    }

    [Fact]
    public async Task Call_TokenRejectedWith401_RenewsOnceAndRetries()
    {
        await using var server = await FakeServer.StartAsync();
        using var root = new TestRoot();
        using var keys = ClientKeys.LoadOrCreate(root.Paths);
        using var api = new RuBackupApiClient(server.Url);
        using var session = new ClientSession(api, keys);
        await session.RegisterAsync(Identity, CancellationToken.None);
        await api.NextTaskAsync(TimeSpan.Zero);
        server.ForgetClientTokens();

        await api.NextTaskAsync(TimeSpan.Zero);

        Assert.Equal(2, server.TokensIssued);
        Assert.Equal("Bearer client-token-2", server.RequestsTo("GET", ApiRoutes.ClientNextTask)[^1].Authorization);
    }

    [Fact]
    public async Task GetToken_PastHalfOfItsLife_Renewed()
    {
        await using var server = await FakeServer.StartAsync();
        server.TokenLifetime = TimeSpan.FromSeconds(1);
        using var root = new TestRoot();
        using var keys = ClientKeys.LoadOrCreate(root.Paths);
        using var api = new RuBackupApiClient(server.Url);
        using var session = new ClientSession(api, keys);
        await session.RegisterAsync(Identity, CancellationToken.None);

        var first = await session.GetTokenAsync(CancellationToken.None);
        await Task.Delay(700);
        var second = await session.GetTokenAsync(CancellationToken.None);

        Assert.NotEqual(first, second);
        Assert.Equal(2, server.TokensIssued);
    }

    [Fact]
    public async Task Call_ClientNotAuthorized_ApiExceptionWithTheServersMessage()
    {
        await using var server = await FakeServer.StartAsync();
        server.Authorized = false;
        using var root = new TestRoot();
        using var keys = ClientKeys.LoadOrCreate(root.Paths);
        using var api = new RuBackupApiClient(server.Url);
        using var session = new ClientSession(api, keys);
        var registration = await session.RegisterAsync(Identity, CancellationToken.None);

        var error = await Assert.ThrowsAsync<ApiException>(() => api.NextTaskAsync(TimeSpan.Zero));

        Assert.Equal(ClientStatus.Unauthorized, registration.Status);
        Assert.Equal(403, error.StatusCode);
        Assert.Equal("client web-node is not authorized", error.Message);
    }

    [Fact]
    public async Task Call_WrongKey_TokenRefused()
    {
        await using var server = await FakeServer.StartAsync();
        using var root = new TestRoot();
        using var other = new TestRoot();
        using var keys = ClientKeys.LoadOrCreate(root.Paths);
        using var impostor = ClientKeys.LoadOrCreate(other.Paths);
        using (var api = new RuBackupApiClient(server.Url))
        using (var session = new ClientSession(api, keys))
        {
            await session.RegisterAsync(Identity, CancellationToken.None);
        }
        using var impostorApi = new RuBackupApiClient(server.Url);
        using var impostorSession = new ClientSession(impostorApi, impostor);
        impostorSession.UseClientId(1);

        var error = await Assert.ThrowsAsync<ApiException>(() => impostorApi.ListOwnArchivesAsync());

        Assert.Equal(401, error.StatusCode);
        Assert.Equal("the signature does not match the client's key", error.Message);
    }
}
