using System.Net;
using System.Security.Cryptography;
using RuBackup.Api;
using RuBackup.Server.Tests.Support;

namespace RuBackup.Server.Tests;

public abstract class ClientAuthorizationTests(string provider) : ServerTestBase(provider)
{
    [Fact]
    public async Task Register_NewKey_IsUnauthorizedButGetsToken()
    {
        using var client = await FakeClient.RegisterAsync(Server, "client1");
        var info = await Http.GetAsync<ClientInfo>(Admin, $"{ApiRoutes.Clients}/{client.Id}");
        Assert.Equal(ClientStatus.Unauthorized, info.Status);
        Assert.Equal(64, info.KeyFingerprint.Length);
        Assert.NotEmpty(client.Token);
        var listed = await Http.GetAsync<ClientInfo[]>(Admin, ApiRoutes.Clients + "?status=unauthorized");
        Assert.Contains(listed, c => c.Id == client.Id);
    }

    [Fact]
    public async Task ClientCalls_Unauthorized_Answer403NamingTheClient()
    {
        using var client = await FakeClient.RegisterAsync(Server, "client1");
        var error = await Http.ExpectAsync(HttpStatusCode.Forbidden, client.Http, HttpMethod.Get, ApiRoutes.ClientNextTask + "?wait=0");
        Assert.Equal("client client1 is not authorized", error!.Error);
        error = await Http.ExpectAsync(HttpStatusCode.Forbidden, client.Http, HttpMethod.Post, ApiRoutes.ClientResources, new ResourceReport("rustack", []));
        Assert.Equal("client client1 is not authorized", error!.Error);
    }

    [Fact]
    public async Task Authorize_ThenNext_GetsTheRulesTask()
    {
        using var client = await FakeClient.RegisterAsync(Server, "client1");
        await Http.PostAsync<ClientInfo>(Admin, $"{ApiRoutes.Clients}/{client.Id}/authorize");
        await CreatePoolAsync();
        var rule = await CreateRuleAsync(Rule("client1"));
        var task = await RunNowAsync(rule.Id);
        var assignment = await client.NextAsync(0);
        Assert.Equal(task.Id, assignment!.Task.Id);
        Assert.Equal(TaskState.Assigned, assignment.Task.State);
    }

    [Fact]
    public async Task Revoke_SameToken_Answers403AtOnce()
    {
        using var client = await FakeClient.AuthorizedAsync(Server, "client1");
        Assert.Null(await client.NextAsync(0));
        await Http.PostAsync<ClientInfo>(Admin, $"{ApiRoutes.Clients}/{client.Id}/revoke");
        var error = await Http.ExpectAsync(HttpStatusCode.Forbidden, client.Http, HttpMethod.Get, ApiRoutes.ClientNextTask + "?wait=0");
        Assert.Equal("client client1 is not authorized", error!.Error);
        await client.SignInAsync();
        await Http.ExpectAsync(HttpStatusCode.Forbidden, client.Http, HttpMethod.Get, ApiRoutes.ClientArchives);
    }

    [Fact]
    public async Task Resources_ReportedByClient_AdminSeesThem()
    {
        using var client = await FakeClient.AuthorizedAsync(Server, "client1");
        await Http.ExpectAsync(HttpStatusCode.NoContent, client.Http, HttpMethod.Post, ApiRoutes.ClientResources,
            new ResourceReport("rustack", [new ResourceInfo("rustack", "vm-1", "web", "ACTIVE"), new ResourceInfo("rustack", "vm-2", "db", "SHUTOFF")]));
        var resources = await Http.GetAsync<ResourceInfo[]>(Admin, $"{ApiRoutes.Clients}/{client.Id}/resources");
        Assert.Equal(["vm-1", "vm-2"], resources.Select(r => r.Id));
    }

    [Fact]
    public async Task Token_WrongSignatureOrReusedNonce_Answers401()
    {
        using var client = await FakeClient.RegisterAsync(Server, "client1");
        var anonymous = Server.Anonymous();
        var challenge = await Http.PostAsync<ClientChallengeResponse>(anonymous, ApiRoutes.ClientChallenge, new ClientChallengeRequest(client.Id));
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = Convert.ToBase64String(other.SignData(System.Text.Encoding.UTF8.GetBytes(challenge.Nonce), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        var error = await Http.ExpectAsync(HttpStatusCode.Unauthorized, anonymous, HttpMethod.Post, ApiRoutes.ClientToken, new ClientTokenRequest(client.Id, challenge.Nonce, forged));
        Assert.Equal("signature", error!.Field);
        // The failed attempt used the nonce up: even the right signature over it is refused now.
        error = await Http.ExpectAsync(HttpStatusCode.Unauthorized, anonymous, HttpMethod.Post, ApiRoutes.ClientToken, new ClientTokenRequest(client.Id, challenge.Nonce, client.Sign(challenge.Nonce)));
        Assert.Equal("nonce", error!.Field);
        challenge = await Http.PostAsync<ClientChallengeResponse>(anonymous, ApiRoutes.ClientChallenge, new ClientChallengeRequest(client.Id));
        await Http.PostAsync<TokenResponse>(anonymous, ApiRoutes.ClientToken, new ClientTokenRequest(client.Id, challenge.Nonce, client.Sign(challenge.Nonce)));
        error = await Http.ExpectAsync(HttpStatusCode.Unauthorized, anonymous, HttpMethod.Post, ApiRoutes.ClientToken, new ClientTokenRequest(client.Id, challenge.Nonce, client.Sign(challenge.Nonce)));
        Assert.Contains("unknown, used or expired", error!.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_SameKeyAgain_KeepsIdAndStatus_OtherKeySameName_409()
    {
        using var client = await FakeClient.AuthorizedAsync(Server, "client1");
        var again = new ClientRegistration("client1", "host2", Convert.ToBase64String(client.Key.ExportSubjectPublicKeyInfo()), [], false, "2");
        var response = await Http.PostAsync<RegistrationResponse>(Server.Anonymous(), ApiRoutes.ClientRegister, again);
        Assert.Equal(client.Id, response.ClientId);
        Assert.Equal(ClientStatus.Authorized, response.Status);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var impostor = again with { PublicKey = Convert.ToBase64String(otherKey.ExportSubjectPublicKeyInfo()) };
        await Http.ExpectAsync(HttpStatusCode.Conflict, Server.Anonymous(), HttpMethod.Post, ApiRoutes.ClientRegister, impostor);
        using var rsa = RSA.Create(2048);
        var error = await Http.ExpectAsync(HttpStatusCode.BadRequest, Server.Anonymous(), HttpMethod.Post, ApiRoutes.ClientRegister,
            again with { Name = "client9", PublicKey = Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo()) });
        Assert.Equal("publicKey", error!.Field);
    }

    [Fact]
    public async Task Delete_Client_ItsTokenStopsWorking()
    {
        using var client = await FakeClient.AuthorizedAsync(Server, "client1");
        await Http.ExpectAsync(HttpStatusCode.NoContent, Admin, HttpMethod.Delete, $"{ApiRoutes.Clients}/{client.Id}");
        await Http.ExpectAsync(HttpStatusCode.Unauthorized, client.Http, HttpMethod.Get, ApiRoutes.ClientTasks);
    }
}

public sealed class SqliteClientAuthorizationTests() : ClientAuthorizationTests(CatalogBackend.Sqlite);

public sealed class PostgresClientAuthorizationTests() : ClientAuthorizationTests(CatalogBackend.PostgreSql);
