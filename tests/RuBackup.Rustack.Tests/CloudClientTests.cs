using System.Net;
using Microsoft.Extensions.Time.Testing;
using RuBackup.Rustack.Cloud;
using RuBackup.Rustack.Config;

namespace RuBackup.Rustack.Tests;

public class CloudClientTests
{
    private static readonly CloudOptions Fast = new() { RetryCount = 3, RetryBaseDelay = TimeSpan.Zero, RequestTimeout = TimeSpan.FromSeconds(5) };

    private static RustackConfig Config(bool admin = false) => new()
    {
        File = "test.conf",
        Url = FakeCloudHandler.Base,
        Username = "rubackup",
        Password = "user-secret",
        Domain = "default",
        ProjectId = "p-1",
        RubackupVmId = "vm-0",
        AdminName = admin ? "admin" : null,
        AdminPassword = admin ? "admin-secret" : null,
    };

    private const string OneServer = """{"servers": [{"id": "s-1", "name": "web-1", "status": "ACTIVE", "flavor": {"original_name": "m1.small"}}]}""";

    [Fact]
    public async Task Authenticate_PasswordScopedById_SendsKeystoneV3Body()
    {
        var fake = new FakeCloudHandler { Api = _ => FakeCloudHandler.Json(HttpStatusCode.OK, OneServer) };
        using var cloud = new RustackCloud(Config(), fake, Fast);
        await cloud.Nova.ListServersAsync(CancellationToken.None);
        var auth = fake.Requests[0];
        Assert.Equal("http://cloud.test:5000/v3/auth/tokens", auth.Uri.ToString());
        Assert.Contains("\"methods\":[\"password\"]", auth.Body, StringComparison.Ordinal);
        Assert.Contains("\"user\":{\"name\":\"rubackup\",\"domain\":{\"name\":\"default\"},\"password\":\"user-secret\"}", auth.Body, StringComparison.Ordinal);
        Assert.Contains("\"scope\":{\"project\":{\"id\":\"p-1\"}}", auth.Body, StringComparison.Ordinal);
        Assert.Equal("tok-1", fake.Requests[1].Header("X-Auth-Token"));
    }

    [Fact]
    public async Task Send_Unauthorized_RenewsTokenAndRepeatsOnce()
    {
        var fake = new FakeCloudHandler();
        fake.Api = r => r.Header("X-Auth-Token") == "tok-1"
            ? FakeCloudHandler.Json(HttpStatusCode.Unauthorized, """{"error": {"message": "token expired"}}""")
            : FakeCloudHandler.Json(HttpStatusCode.OK, OneServer);
        using var cloud = new RustackCloud(Config(), fake, Fast);
        var servers = await cloud.Nova.ListServersAsync(CancellationToken.None);
        Assert.Equal("web-1", Assert.Single(servers).Name);
        Assert.Equal(2, fake.TokensIssued);
        Assert.Equal("tok-2", fake.Requests[^1].Header("X-Auth-Token"));
    }

    [Fact]
    public async Task Send_UnauthorizedTwice_FailsNamingStepAndCloudMessage()
    {
        var fake = new FakeCloudHandler { Api = _ => FakeCloudHandler.Json(HttpStatusCode.Unauthorized, """{"error": {"message": "no role in project"}}""") };
        using var cloud = new RustackCloud(Config(), fake, Fast);
        var error = await Assert.ThrowsAsync<CloudException>(() => cloud.Nova.ListServersAsync(CancellationToken.None));
        Assert.Equal("list VMs (project): HTTP 401: no role in project", error.Message);
        Assert.Equal(2, fake.TokensIssued);
    }

    [Fact]
    public async Task Token_NearExpiry_IsRenewedBeforeUse()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2030-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var fake = new FakeCloudHandler { TokenExpiry = time.GetUtcNow().AddMinutes(10), Api = _ => FakeCloudHandler.Json(HttpStatusCode.OK, OneServer) };
        using var cloud = new RustackCloud(Config(), fake, Fast with { TokenRenewMargin = TimeSpan.FromMinutes(2) }, time);
        await cloud.Nova.ListServersAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(7));
        await cloud.Nova.ListServersAsync(CancellationToken.None);
        Assert.Equal(1, fake.TokensIssued);
        time.Advance(TimeSpan.FromMinutes(1.5));
        await cloud.Nova.ListServersAsync(CancellationToken.None);
        Assert.Equal(2, fake.TokensIssued);
    }

    [Fact]
    public async Task Send_ServerError_IsRetriedUntilSuccess()
    {
        var calls = 0;
        var fake = new FakeCloudHandler { Api = _ => ++calls < 3 ? FakeCloudHandler.Json(HttpStatusCode.ServiceUnavailable, "{}") : FakeCloudHandler.Json(HttpStatusCode.OK, OneServer) };
        using var cloud = new RustackCloud(Config(), fake, Fast);
        await cloud.Nova.ListServersAsync(CancellationToken.None);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task Send_ServerErrorPersists_FailsAfterRetriesWithCloudMessage()
    {
        var calls = 0;
        var fake = new FakeCloudHandler { Api = _ => { calls++; return FakeCloudHandler.Json(HttpStatusCode.InternalServerError, """{"computeFault": {"message": "boom", "code": 500}}"""); } };
        using var cloud = new RustackCloud(Config(), fake, Fast);
        var error = await Assert.ThrowsAsync<CloudException>(() => cloud.Nova.GetServerAsync("s-9", CancellationToken.None));
        Assert.Equal(4, calls);
        Assert.Equal("read VM (VM s-9): HTTP 500: boom", error.Message);
    }

    [Fact]
    public async Task Send_ClientError_IsNotRetried()
    {
        var calls = 0;
        var fake = new FakeCloudHandler { Api = _ => { calls++; return FakeCloudHandler.Json(HttpStatusCode.BadRequest, """{"badRequest": {"message": "Invalid volume", "code": 400}}"""); } };
        using var cloud = new RustackCloud(Config(), fake, Fast);
        var error = await Assert.ThrowsAsync<CloudException>(() => cloud.Cinder.CreateSnapshotAsync("v-1", "rubackup-tmp-x", new Dictionary<string, string>(), CancellationToken.None));
        Assert.Equal(1, calls);
        Assert.Equal("create snapshot (snapshot of volume v-1): HTTP 400: Invalid volume", error.Message);
        Assert.Equal(400, error.Status);
    }

    [Fact]
    public async Task Send_ConnectionError_IsRetried()
    {
        var calls = 0;
        var fake = new FakeCloudHandler
        {
            Api = _ => ++calls < 2 ? throw new HttpRequestException("Connection refused") : FakeCloudHandler.Json(HttpStatusCode.OK, OneServer),
        };
        using var cloud = new RustackCloud(Config(), fake, Fast);
        await cloud.Nova.ListServersAsync(CancellationToken.None);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Send_NotFound_FindReturnsNull()
    {
        var fake = new FakeCloudHandler { Api = _ => FakeCloudHandler.Json(HttpStatusCode.NotFound, """{"itemNotFound": {"message": "gone"}}""") };
        using var cloud = new RustackCloud(Config(), fake, Fast);
        Assert.Null(await cloud.Cinder.FindVolumeAsync("v-1", CancellationToken.None));
        Assert.Equal(1, fake.Requests.Count(r => r.Path.Contains("volumes", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Catalog_PublicComputeAndVolumev3_AreSelected()
    {
        var fake = new FakeCloudHandler { Api = r => FakeCloudHandler.Json(HttpStatusCode.OK, r.Path.Contains("volumes", StringComparison.Ordinal) ? """{"volumes": []}""" : OneServer) };
        using var cloud = new RustackCloud(Config(), fake, Fast);
        await cloud.Nova.ListServersAsync(CancellationToken.None);
        await cloud.Cinder.ListVolumesAsync(CancellationToken.None);
        Assert.Equal("http://cloud.test/compute/v2.1/servers/detail", fake.Requests[1].Uri.ToString());
        Assert.Equal("http://cloud.test/volume/v3/p-1/volumes/detail", fake.Requests[2].Uri.ToString());
    }

    [Fact]
    public async Task Catalog_BlockStorageType_IsPreferredOverVolumev3()
    {
        var fake = new FakeCloudHandler
        {
            Catalog = """
                [ {"type": "volumev3", "endpoints": [ {"interface": "public", "url": "http://old.test/v3/p-1"} ]},
                  {"type": "block-storage", "endpoints": [ {"interface": "internal", "url": "http://new.test/v3/p-1/"} ]} ]
                """,
            Api = _ => FakeCloudHandler.Json(HttpStatusCode.OK, """{"volumes": []}"""),
        };
        using var cloud = new RustackCloud(Config(), fake, Fast);
        await cloud.Cinder.ListVolumesAsync(CancellationToken.None);
        Assert.Equal("http://new.test/v3/p-1/volumes/detail", fake.Requests[1].Uri.ToString());
    }

    [Fact]
    public async Task Catalog_WithoutCompute_FailsNamingTheService()
    {
        var fake = new FakeCloudHandler { Catalog = "[]" };
        using var cloud = new RustackCloud(Config(), fake, Fast);
        var error = await Assert.ThrowsAsync<CloudException>(() => cloud.Nova.ListServersAsync(CancellationToken.None));
        Assert.Equal("list VMs (project): the service catalog has no compute endpoint", error.Message);
    }

    [Fact]
    public async Task Headers_Microversions_AreSentPerService()
    {
        var fake = new FakeCloudHandler { Api = r => FakeCloudHandler.Json(HttpStatusCode.OK, r.Path.Contains("volumes", StringComparison.Ordinal) ? """{"volumes": []}""" : OneServer) };
        using var cloud = new RustackCloud(Config(), fake, Fast);
        await cloud.Nova.ListServersAsync(CancellationToken.None);
        await cloud.Cinder.ListVolumesAsync(CancellationToken.None);
        Assert.Equal("2.60", fake.Requests[1].Header("X-OpenStack-Nova-API-Version"));
        Assert.Equal("compute 2.60", fake.Requests[1].Header("OpenStack-API-Version"));
        Assert.Equal("volume 3.44", fake.Requests[2].Header("OpenStack-API-Version"));
        Assert.Null(fake.Requests[2].Header("X-OpenStack-Nova-API-Version"));
    }

    [Fact]
    public async Task AdminClient_UsesItsOwnToken()
    {
        var fake = new FakeCloudHandler { Api = _ => FakeCloudHandler.Json(HttpStatusCode.OK, """{"server": {"id": "s-1", "name": "web-1", "OS-EXT-SRV-ATTR:host": "node-1", "OS-EXT-SRV-ATTR:instance_name": "instance-0001"}}""") };
        using var cloud = new RustackCloud(Config(admin: true), fake, Fast);
        var server = await cloud.AdminNova!.GetServerAsync("s-1", CancellationToken.None);
        Assert.Equal("node-1", server.Host);
        Assert.Equal("instance-0001", server.InstanceName);
        Assert.Contains("\"name\":\"admin\"", fake.Requests[0].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerboseLog_RedactsPasswordsAndTokens()
    {
        var fake = new FakeCloudHandler { Api = _ => FakeCloudHandler.Json(HttpStatusCode.OK, OneServer) };
        var log = new List<string>();
        var config = Config(admin: true) with { CurlVerbose = true };
        using var cloud = new RustackCloud(config, new VerboseLoggingHandler(log.Add, fake), Fast);
        await cloud.Nova.ListServersAsync(CancellationToken.None);
        await cloud.AdminNova!.ListServersAsync(CancellationToken.None);
        var text = string.Join('\n', log);
        Assert.Contains("> POST http://cloud.test:5000/v3/auth/tokens", text, StringComparison.Ordinal);
        Assert.Contains("< 201", text, StringComparison.Ordinal);
        Assert.Contains("> GET http://cloud.test/compute/v2.1/servers/detail", text, StringComparison.Ordinal);
        Assert.Contains("web-1", text, StringComparison.Ordinal);
        Assert.Contains("\"password\":\"***\"", text, StringComparison.Ordinal);
        Assert.Contains("X-Subject-Token: ***", text, StringComparison.Ordinal);
        Assert.Contains("X-Auth-Token: ***", text, StringComparison.Ordinal);
        Assert.DoesNotContain("user-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("admin-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-2", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"password": "a\"b"}""", """{"password": "***"}""")]
    [InlineData("""{"admin_password":"x","name":"y"}""", """{"admin_password":"***","name":"y"}""")]
    public void RedactBody_SecretFields_AreMasked(string body, string expected)
    {
        Assert.Equal(expected, Redactor.RedactBody(body));
    }
}
