using System.Net;
using Microsoft.Extensions.Time.Testing;
using RuBackup.Api;
using RuBackup.Server.Hosting;
using RuBackup.Server.Tests.Support;

namespace RuBackup.Server.Tests;

public abstract class AuthTests(string provider) : ServerTestBase(provider)
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    protected override TimeProvider? Time => _time;

    [Fact]
    public async Task Start_EmptyCatalogWithoutPassword_RefusesWithClearMessage()
    {
        await using var backend = await CatalogBackend.CreateAsync(Provider);
        var folder = Directory.CreateTempSubdirectory("rubackup-server-nopw-").FullName;
        try
        {
            var options = Server.Options();
            options.DataFolder = folder;
            options.CatalogConnectionString = backend.ConnectionString;
            var e = await Assert.ThrowsAsync<StartupException>(() => ServerHost.StartAsync(options, () => null));
            Assert.Contains("RUBACKUP_ADMIN_PASSWORD", e.Message, StringComparison.Ordinal);
            Assert.Contains("--admin-password-file", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Start_SecondStartWithoutPassword_StartsAndKeepsSuperuser()
    {
        await Server.StopAsync();
        var options = Server.Options();
        await using (var host = await ServerHost.StartAsync(options, () => null, _time))
        {
            Assert.NotNull(host.BaseAddress);
        }
        await Server.StartHostAsync();
        Assert.Equal("rubackup", (await Server.LoginAsync("rubackup", TestServer.SuperuserPassword)).Subject);
    }

    [Fact]
    public async Task Start_SecondServerOnSameDataFolder_RefusedWhileFirstRuns()
    {
        var e = await Assert.ThrowsAsync<StartupException>(() => ServerHost.StartAsync(Server.Options(), () => null, _time));
        Assert.Contains("another rubackup-server uses this data folder", e.Message, StringComparison.Ordinal);
        await Http.GetAsync<UserInfo[]>(Admin, ApiRoutes.Users);
    }

    [Fact]
    public async Task Login_RightPassword_ReturnsTokenWithRoleAndExpiry()
    {
        var token = await Server.LoginAsync("rubackup", TestServer.SuperuserPassword);
        Assert.Equal("Superuser", token.Role);
        Assert.Equal(_time.GetUtcNow().AddHours(12), token.ExpiresAt);
        Assert.Equal(43, token.Token.Length); // 32 bytes in base64url without padding
    }

    [Fact]
    public async Task Login_WrongPasswordOrUnknownUser_Answers401()
    {
        await Http.ExpectAsync(HttpStatusCode.Unauthorized, Server.Anonymous(), HttpMethod.Post, ApiRoutes.Login, new LoginRequest("rubackup", "wrong"));
        var error = await Http.ExpectAsync(HttpStatusCode.Unauthorized, Server.Anonymous(), HttpMethod.Post, ApiRoutes.Login, new LoginRequest("nobody", "whatever"));
        Assert.Contains("wrong user name or password", error!.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_AfterItsLifetime_Answers401()
    {
        await Http.GetAsync<UserInfo[]>(Admin, ApiRoutes.Users);
        _time.Advance(TimeSpan.FromHours(12) + TimeSpan.FromSeconds(1));
        var error = await Http.ExpectAsync(HttpStatusCode.Unauthorized, Admin, HttpMethod.Get, ApiRoutes.Users);
        Assert.Contains("expired", error!.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_ThenSameToken_Answers401()
    {
        await Http.ExpectAsync(HttpStatusCode.NoContent, Admin, HttpMethod.Post, ApiRoutes.Logout);
        await Http.ExpectAsync(HttpStatusCode.Unauthorized, Admin, HttpMethod.Get, ApiRoutes.Users);
    }

    [Fact]
    public async Task Catalog_StoresPasswordHashAndTokenHashOnly()
    {
        var token = await Server.LoginAsync("rubackup", TestServer.SuperuserPassword);
        await using var catalog = await Server.OpenCatalogAsync();
        var user = await catalog.FindUserAsync("rubackup", CancellationToken.None);
        Assert.StartsWith($"pbkdf2-sha256${TestServer.Iterations}$", user!.PasswordHash, StringComparison.Ordinal);
        Assert.DoesNotContain(TestServer.SuperuserPassword, user.PasswordHash, StringComparison.Ordinal);
        Assert.Null(await catalog.FindTokenAsync(token.Token, CancellationToken.None));
        Assert.NotNull(await catalog.FindTokenAsync(RuBackup.Server.Auth.TokenService.HashOf(token.Token), CancellationToken.None));
    }

    [Fact]
    public async Task Users_AdministratorCreatesOperatorButNotAdministrator_OnlySuperuserDoes()
    {
        var admin = await Server.UserAsync(UserRole.Administrator, "admin1");
        await Http.PostAsync<UserInfo>(admin, ApiRoutes.Users, new CreateUserRequest("op1", "password-op1", UserRole.Operator));
        var error = await Http.ExpectAsync(HttpStatusCode.Forbidden, admin, HttpMethod.Post, ApiRoutes.Users, new CreateUserRequest("admin2", "password-admin2", UserRole.Administrator));
        Assert.Contains("only the superuser", error!.Error, StringComparison.Ordinal);
        error = await Http.ExpectAsync(HttpStatusCode.BadRequest, Admin, HttpMethod.Post, ApiRoutes.Users, new CreateUserRequest("root2", "password-root2", UserRole.Superuser));
        Assert.Equal("role", error!.Field);
        error = await Http.ExpectAsync(HttpStatusCode.BadRequest, Admin, HttpMethod.Post, ApiRoutes.Users, new CreateUserRequest("short", "abc", UserRole.Auditor));
        Assert.Equal("password", error!.Field);
        await Http.ExpectAsync(HttpStatusCode.Conflict, Admin, HttpMethod.Post, ApiRoutes.Users, new CreateUserRequest("op1", "password-op1", UserRole.Operator));
        await Http.ExpectAsync(HttpStatusCode.Conflict, Admin, HttpMethod.Delete, ApiRoutes.Users + "/rubackup");
    }

    [Fact]
    public async Task Users_DisabledUser_LosesItsTokenAtOnce()
    {
        var auditor = await Server.UserAsync(UserRole.Auditor, "aud1");
        await Http.GetAsync<UserInfo[]>(auditor, ApiRoutes.Users);
        var response = await Http.SendAsync(Admin, HttpMethod.Patch, ApiRoutes.Users + "/aud1", new UpdateUserRequest(Disabled: true));
        await Http.EnsureAsync(response);
        await Http.ExpectAsync(HttpStatusCode.Unauthorized, auditor, HttpMethod.Get, ApiRoutes.Users);
        await Http.ExpectAsync(HttpStatusCode.Unauthorized, Server.Anonymous(), HttpMethod.Post, ApiRoutes.Login, new LoginRequest("aud1", "password-aud1"));
    }

    [Fact]
    public async Task Audit_RecordsChangesWithActorAndNeverSecrets()
    {
        var secret = "very-secret-password-42";
        await Http.PostAsync<UserInfo>(Admin, ApiRoutes.Users, new CreateUserRequest("op7", secret, UserRole.Operator));
        await Http.EnsureAsync(await Http.SendAsync(Admin, HttpMethod.Patch, ApiRoutes.Users + "/op7", new UpdateUserRequest(Password: secret + "x")));
        await CreatePoolAsync();
        var entries = await Http.GetAsync<AuditEntry[]>(Admin, ApiRoutes.Audit + "?limit=50");
        Assert.Contains(entries, e => e is { Actor: "rubackup", Action: "user.create", Target: "op7" });
        Assert.Contains(entries, e => e is { Actor: "rubackup", Action: "user.update", Target: "op7", Details: "password changed" });
        Assert.Contains(entries, e => e is { Actor: "rubackup", Action: "pool.create", Target: "pool1" });
        Assert.Contains(entries, e => e is { Actor: "server", Action: "user.create", Target: "rubackup" });
        Assert.DoesNotContain(entries, e => $"{e.Target} {e.Details}".Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(Server.Log.Lines, l => l.Contains(secret, StringComparison.Ordinal) || l.Contains(TestServer.SuperuserPassword, StringComparison.Ordinal));
    }
}

public sealed class SqliteAuthTests() : AuthTests(CatalogBackend.Sqlite);

public sealed class PostgresAuthTests() : AuthTests(CatalogBackend.PostgreSql);
