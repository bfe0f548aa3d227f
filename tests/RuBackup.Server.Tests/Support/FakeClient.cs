using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using RuBackup.Api;
using RuBackup.Repository.Signing;

namespace RuBackup.Server.Tests.Support;

/// <summary>A backup client as the server sees it: an ECDSA P-256 key, registered, signed in by challenge.</summary>
public sealed class FakeClient : IDisposable
{
    private FakeClient(TestServer server, string name, ECDsa key, long id)
    {
        Server = server;
        Name = name;
        Key = key;
        Id = id;
    }

    public TestServer Server { get; }

    public string Name { get; }

    public ECDsa Key { get; }

    public long Id { get; }

    public string Token { get; private set; } = "";

    public HttpClient Http { get; private set; } = null!;

    public static async Task<FakeClient> RegisterAsync(TestServer server, string name, bool centralizedRestore = true)
    {
        ArgumentNullException.ThrowIfNull(server);
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var registration = new ClientRegistration(name, name + ".local", Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()), ["rb_module_rustack"], centralizedRestore, "test");
        var response = await Support.Http.PostAsync<RegistrationResponse>(server.Anonymous(), ApiRoutes.ClientRegister, registration).ConfigureAwait(false);
        var client = new FakeClient(server, name, key, response.ClientId);
        await client.SignInAsync().ConfigureAwait(false);
        return client;
    }

    /// <summary>Registers, and authorizes through the superuser.</summary>
    public static async Task<FakeClient> AuthorizedAsync(TestServer server, string name, bool centralizedRestore = true)
    {
        ArgumentNullException.ThrowIfNull(server);
        var client = await RegisterAsync(server, name, centralizedRestore).ConfigureAwait(false);
        await Support.Http.PostAsync<ClientInfo>(await server.SuperuserAsync().ConfigureAwait(false), $"{ApiRoutes.Clients}/{client.Id}/authorize").ConfigureAwait(false);
        return client;
    }

    public async Task SignInAsync()
    {
        var anonymous = Server.Anonymous();
        var challenge = await Support.Http.PostAsync<ClientChallengeResponse>(anonymous, ApiRoutes.ClientChallenge, new ClientChallengeRequest(Id)).ConfigureAwait(false);
        var token = await Support.Http.PostAsync<TokenResponse>(anonymous, ApiRoutes.ClientToken, new ClientTokenRequest(Id, challenge.Nonce, Sign(challenge.Nonce))).ConfigureAwait(false);
        Token = token.Token;
        Http = Server.NewClient(Token);
    }

    /// <summary>The manifest signer over this client's key, read from a PEM file as the client daemon reads keys/client.key.</summary>
    public ManifestSigner Signer()
    {
        var path = Path.Combine(Server.Root, Name + ".client.key");
        File.WriteAllText(path, Key.ExportPkcs8PrivateKeyPem());
        return ManifestSigner.FromPemFile(path, Name);
    }

    public string Sign(string nonce) =>
        Convert.ToBase64String(Key.SignData(Encoding.UTF8.GetBytes(nonce), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

    /// <summary>The next task, waiting up to <paramref name="waitSeconds"/>; null on 204.</summary>
    public async Task<TaskAssignment?> NextAsync(int waitSeconds = 10)
    {
        var response = await Http.GetAsync(new Uri($"{ApiRoutes.ClientNextTask}?wait={waitSeconds}", UriKind.Relative)).ConfigureAwait(false);
        await Support.Http.EnsureAsync(response).ConfigureAwait(false);
        return response.StatusCode == System.Net.HttpStatusCode.NoContent ? null : await response.Content.ReadFromJsonAsync<TaskAssignment>().ConfigureAwait(false);
    }

    public Task<TaskInfo> StartAsync(long taskId) => Support.Http.PostAsync<TaskInfo>(Http, $"{ApiRoutes.ClientTasks}/{taskId}/start");

    public Task<TaskInfo> FinishAsync(long taskId, string? error = null, string? archiveId = null) =>
        Support.Http.PostAsync<TaskInfo>(Http, $"{ApiRoutes.ClientTasks}/{taskId}/finish", new FinishReport(error, archiveId));

    public void Dispose() => Key.Dispose();
}
