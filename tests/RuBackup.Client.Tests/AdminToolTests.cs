using System.Text.Json;
using RuBackup.Api;
using RuBackup.Client.Api;
using RuBackup.Tools.Admin;

namespace RuBackup.Client.Tests;

public sealed class AdminToolTests
{
    private static readonly RuleSettings Existing = new()
    {
        Name = "web nightly", Client = "web-node", Resource = "vm-1", ResourceName = "web-1", Pool = "dedup-1", Schedule = "0 2 * * *",
        BackupType = BackupKind.Incremental, RetentionDays = 30, VerifyEveryDays = 7, Encryption = "kuznyechik-256", Notify = ["ops@example.org"],
    };

    private static TaskInfo Task(long id, TaskState state, string? error = null) => new()
    {
        Id = id, Kind = TaskKind.Backup, BackupType = BackupKind.Differential, State = state, Resource = "vm-1", Error = error, Created = DateTimeOffset.UtcNow,
    };

    private static async Task<ToolHarness> LoggedInAsync()
    {
        var h = await ToolHarness.StartAsync();
        h.Set(AdminContext.TokenVariable, FakeServer.UserToken).Set(AdminContext.ServerVariable, h.Server.Url.ToString());
        return h;
    }

    [Fact]
    public async Task Login_PasswordFromEnvironment_TokenSavedOwnerOnlyWithServer()
    {
        await using var h = await ToolHarness.StartAsync();
        h.Set("RUBACKUP_PASSWORD", FakeServer.UserPassword);

        var exit = await h.RunAsync(AdminTool.RunAsync, "--server", h.Server.Url.ToString(), "--user", "rubackup", "login");

        Assert.Equal(0, exit);
        var file = Path.Combine(h.Home, ".rubackup", "rb_admin.token");
        Assert.Equal((UnixFileMode)0b110_000_000, File.GetUnixFileMode(file));
        Assert.Equal((UnixFileMode)0b111_000_000, File.GetUnixFileMode(Path.GetDirectoryName(file)!));
        var saved = JsonSerializer.Deserialize<SavedLogin>(File.ReadAllText(file), ApiJson.Options)!;
        Assert.Equal(h.Server.Url.ToString(), saved.Server);
        Assert.Equal(FakeServer.UserToken, saved.Token);
        Assert.StartsWith($"logged in to {h.Server.Url} as rubackup (superuser) until ", h.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeServer.UserToken, h.Out, StringComparison.Ordinal);
        Assert.Equal(new LoginRequest("rubackup", FakeServer.UserPassword), h.Server.RequestsTo("POST", ApiRoutes.Login).Single().Json<LoginRequest>());
    }

    [Fact]
    public async Task SavedLogin_LaterCommandsUseItWithoutServerOption_LogoutForgetsIt()
    {
        await using var h = await ToolHarness.StartAsync();
        h.Set("RUBACKUP_PASSWORD", FakeServer.UserPassword);
        await h.RunAsync(AdminTool.RunAsync, "--server", h.Server.Url.ToString(), "login");
        h.Server.On("GET", ApiRoutes.Rules, new[] { new RuleInfo(3, Existing, RuleStatus.Run, DateTimeOffset.UtcNow, null) });
        h.Server.On("POST", ApiRoutes.Logout, null, 204);

        var list = await h.RunAsync(AdminTool.RunAsync, "rules", "list", "--json");
        var rules = JsonSerializer.Deserialize<List<RuleInfo>>(h.Out, ApiJson.Options)!;
        var logout = await h.RunAsync(AdminTool.RunAsync, "logout");
        var after = await h.RunAsync(AdminTool.RunAsync, "rules", "list");

        Assert.Equal(0, list);
        Assert.Equal(3, rules.Single().Id);
        Assert.Equal("Bearer " + FakeServer.UserToken, h.Server.RequestsTo("GET", ApiRoutes.Rules).Single().Authorization);
        Assert.Equal(0, logout);
        Assert.Single(h.Server.RequestsTo("POST", ApiRoutes.Logout));
        Assert.False(File.Exists(Path.Combine(h.Home, ".rubackup", "rb_admin.token")));
        Assert.Equal(2, after);
        Assert.StartsWith("rb_admin: error: which server?", h.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WrongPassword_ServersMessageExit2()
    {
        await using var h = await ToolHarness.StartAsync();
        h.Set("RUBACKUP_PASSWORD", "nope");

        var exit = await h.RunAsync(AdminTool.RunAsync, "--server", h.Server.Url.ToString(), "login");

        Assert.Equal(2, exit);
        Assert.Equal("rb_admin: error: wrong user name or password\n", h.Error);
        Assert.False(File.Exists(Path.Combine(h.Home, ".rubackup", "rb_admin.token")));
    }

    [Fact]
    public async Task Command_NoToken_TellsHowToLogIn()
    {
        await using var h = await ToolHarness.StartAsync();

        var exit = await h.RunAsync(AdminTool.RunAsync, "--server", h.Server.Url.ToString(), "pools", "list");

        Assert.Equal(2, exit);
        Assert.Equal($"rb_admin: error: not logged in to {h.Server.Url}: run 'rb_admin --server {h.Server.Url} login' (or set RUBACKUP_TOKEN)\n", h.Error);
    }

    [Fact]
    public async Task RulesAdd_EveryOption_SettingsSent()
    {
        await using var h = await LoggedInAsync();
        h.Server.On("POST", ApiRoutes.Rules, r => (200, new RuleInfo(4, r.Json<RuleSettings>(), RuleStatus.Wait, DateTimeOffset.UtcNow, null)));

        var exit = await h.RunAsync(AdminTool.RunAsync, "rules", "add", "--name", "db", "--client", "db-node", "--resource", "vm-2", "--resource-name", "db-1",
            "--pool", "plain-1", "--schedule", "30  1 * * 1-5", "--type", "incremental", "--retention-days", "14", "--verify-days", "7",
            "--lifetime-until", "2027-01-31", "--encryption", "kuznyechik-256", "--script-before", "/s/before.sh", "--script-after", "/s/after.sh",
            "--script-after-backup", "/s/to tape.sh", "--on-expiry", "notify", "--move-to-pool", "cold", "--move-after-days", "60", "--client-may-delete", "--notify", "a@b.c",
            "--notify", "d@e.f,g@h.i", "--max-volume-gb", "250.5", "--disabled");

        Assert.True(exit == 0, h.Error);
        var sent = h.Server.RequestsTo("POST", ApiRoutes.Rules).Single().Json<RuleSettings>();
        var expected = new RuleSettings
        {
            Name = "db", Client = "db-node", Resource = "vm-2", ResourceName = "db-1", Pool = "plain-1", Schedule = "30 1 * * 1-5",
            BackupType = BackupKind.Incremental, RetentionDays = 14, VerifyEveryDays = 7, LifetimeUntil = new DateTimeOffset(2027, 1, 31, 0, 0, 0, TimeSpan.Zero),
            Encryption = "kuznyechik-256", ScriptBeforeSnapshot = "/s/before.sh", ScriptAfterSnapshot = "/s/after.sh", ScriptAfterBackup = "/s/to tape.sh", OnExpiry = ExpiryAction.Notify,
            MoveToPool = "cold", MoveAfterDays = 60, ClientMayDelete = true, MaxVolumeGb = 250.5, EnableAfterCreation = false,
        };
        Assert.Equal(expected with { Notify = sent.Notify, NotifyOn = sent.NotifyOn }, sent);
        Assert.Equal(["a@b.c", "d@e.f", "g@h.i"], sent.Notify);
        Assert.Equal("rule 4 'db' created (wait)\n", h.Out);
    }

    [Fact]
    public async Task RulesEdit_SomeOptions_OnlyThoseChange()
    {
        await using var h = await LoggedInAsync();
        h.Server.On("GET", ApiRoutes.Rules + "/3", new RuleInfo(3, Existing, RuleStatus.Run, DateTimeOffset.UtcNow, null));
        h.Server.On("PUT", ApiRoutes.Rules + "/3", r => (200, new RuleInfo(3, r.Json<RuleSettings>(), RuleStatus.Run, DateTimeOffset.UtcNow, null)));

        var exit = await h.RunAsync(AdminTool.RunAsync, "rules", "edit", "3", "--retention-days", "9", "--verify-days", "none", "--group", "web-cluster", "--notify", "none");

        Assert.True(exit == 0, h.Error);
        var sent = h.Server.RequestsTo("PUT", ApiRoutes.Rules + "/3").Single().Json<RuleSettings>();
        Assert.Equal(Existing with { RetentionDays = 9, VerifyEveryDays = null, Client = null, ClientGroup = "web-cluster", Notify = sent.Notify, NotifyOn = sent.NotifyOn }, sent);
        Assert.Empty(sent.Notify);
    }

    [Fact]
    public async Task RulesEditAndShow_ScriptAfterBackup_SetShownThenUnset()
    {
        await using var h = await LoggedInAsync();
        var current = Existing with { ScriptAfterBackup = "/opt/ship.sh" };
        h.Server.On("GET", ApiRoutes.Rules + "/3", _ => (200, new RuleInfo(3, current, RuleStatus.Run, DateTimeOffset.UtcNow, null)));
        h.Server.On("PUT", ApiRoutes.Rules + "/3", r => (200, new RuleInfo(3, r.Json<RuleSettings>(), RuleStatus.Run, DateTimeOffset.UtcNow, null)));

        Assert.Equal(0, await h.RunAsync(AdminTool.RunAsync, "rules", "show", "3"));
        Assert.Contains("\nscript after backup:    /opt/ship.sh\n", h.Out, StringComparison.Ordinal);
        var exit = await h.RunAsync(AdminTool.RunAsync, "rules", "edit", "3", "--script-after-backup", "none");

        Assert.True(exit == 0, h.Error);
        var sent = h.Server.RequestsTo("PUT", ApiRoutes.Rules + "/3").Single().Json<RuleSettings>();
        Assert.Equal(Existing with { Notify = sent.Notify, NotifyOn = sent.NotifyOn }, sent);
    }

    [Theory]
    [InlineData("rb_admin: error: --script-after-backup 'ship.sh': give the absolute path of a program on the client host (or none)", "rules", "edit", "3", "--script-after-backup", "ship.sh")]
    [InlineData("rb_admin: error: rules add needs --client or --group, --pool, --schedule", "rules", "add", "--name", "n", "--resource", "vm-1")]
    [InlineData("rb_admin: error: --schedule '0 2 * *': a cron expression has five fields (minute hour day month weekday), this has 4", "rules", "add", "--name", "n", "--client", "c", "--resource", "vm-1", "--pool", "p", "--schedule", "0 2 * *")]
    [InlineData("rb_admin: error: give --client or --group, not both", "rules", "add", "--name", "n", "--client", "c", "--group", "g", "--resource", "vm-1", "--pool", "p", "--schedule", "0 2 * * *")]
    [InlineData("rb_admin: error: --move-to-pool and --move-after-days go together", "rules", "add", "--name", "n", "--client", "c", "--resource", "vm-1", "--pool", "p", "--schedule", "0 2 * * *", "--move-to-pool", "cold")]
    [InlineData("rb_admin: error: --notify 'ops' is neither an e-mail address nor an http(s) URL", "rules", "add", "--name", "n", "--client", "c", "--resource", "vm-1", "--pool", "p", "--schedule", "0 2 * * *", "--notify", "ops")]
    [InlineData("rb_admin: error: --verify-days 'weekly': give a whole number of days from 1 to 36500 (or none)", "rules", "add", "--name", "n", "--client", "c", "--resource", "vm-1", "--pool", "p", "--schedule", "0 2 * * *", "--verify-days", "weekly")]
    [InlineData("rb_admin: error: rules edit: nothing to change (give the options to change, see rb_admin rules edit --help)", "rules", "edit", "3")]
    [InlineData("rb_admin: error: --chunk-size 100: give KiB as a power of two from 16 to 16384", "pools", "add", "p", "--kind", "dedup", "--chunk-size", "100")]
    [InlineData("rb_admin: error: --target 'out': give an absolute folder on the client", "archives", "restore", "A1", "--mode", "folder", "--target", "out")]
    [InlineData("rb_admin: error: --target goes with --mode folder", "archives", "restore", "A1", "--mode", "deploy", "--target", "/x")]
    [InlineData("rb_admin: error: Option '--mode' is required. (see 'rb_admin archives restore --help')", "archives", "restore", "A1")]
    [InlineData("rb_admin: error: Argument 'root' not recognized. Must be one of:", "users", "add", "bob", "--role", "root")]
    [InlineData("rb_admin: error: give a GROUP or --clear", "clients", "set-group", "7")]
    [InlineData("rb_admin: error: Required command was not provided. (see 'rb_admin rules --help')", "rules")]
    public async Task Arguments_Wrong_OneLineExit2NoChange(string expected, params string[] args)
    {
        await using var h = await LoggedInAsync();
        h.Server.On("GET", ApiRoutes.Rules + "/3", new RuleInfo(3, Existing, RuleStatus.Run, DateTimeOffset.UtcNow, null));

        var exit = await h.RunAsync(AdminTool.RunAsync, args);

        Assert.Equal(2, exit);
        Assert.StartsWith(expected, h.Error, StringComparison.Ordinal);
        Assert.Single(h.Error.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain(h.Server.Requests, r => r.Method is "POST" or "PUT" or "PATCH" or "DELETE");
    }

    [Fact]
    public async Task RulesRun_WaitAndTaskFails_Exit1()
    {
        await using var h = await LoggedInAsync();
        h.Server.On("POST", ApiRoutes.Rules + "/3/run", Task(40, TaskState.New));
        var polls = 0;
        h.Server.On("GET", ApiRoutes.Tasks + "/40", _ => (200, Interlocked.Increment(ref polls) < 3 ? Task(40, TaskState.Executing) : Task(40, TaskState.Error, "quota exceeded")));

        var exit = await h.RunAsync(AdminTool.RunAsync, "rules", "run", "3", "--type", "differential", "--wait");

        Assert.Equal(1, exit);
        Assert.Equal("?type=differential", h.Server.RequestsTo("POST", ApiRoutes.Rules + "/3/run").Single().Query);
        Assert.EndsWith("task 40: error: quota exceeded\n", h.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TasksWait_Done_Exit0()
    {
        await using var h = await LoggedInAsync();
        h.Server.On("GET", ApiRoutes.Tasks + "/41", Task(41, TaskState.Done));

        var exit = await h.RunAsync(AdminTool.RunAsync, "tasks", "wait", "41", "--json");

        Assert.Equal(0, exit);
        Assert.Equal(TaskState.Done, JsonSerializer.Deserialize<TaskInfo>(h.Out, ApiJson.Options)!.State);
    }

    [Fact]
    public async Task Check_Inconsistent_ProblemsAndExit1()
    {
        await using var h = await LoggedInAsync();
        h.Server.On("GET", ApiRoutes.Check, new CheckReport(false, 3, 2, ["archive A3 is in the catalog but not in pool dedup-1"]));

        var exit = await h.RunAsync(AdminTool.RunAsync, "check");

        Assert.Equal(1, exit);
        Assert.Equal("INCONSISTENT: 3 archives in the catalog, 2 manifests in the pools\n  archive A3 is in the catalog but not in pool dedup-1\n", h.Out);
    }

    [Fact]
    public async Task Check_Consistent_Exit0()
    {
        await using var h = await LoggedInAsync();
        h.Server.On("GET", ApiRoutes.Check, new CheckReport(true, 3, 3, []));

        Assert.Equal(0, await h.RunAsync(AdminTool.RunAsync, "check"));
    }

    [Fact]
    public async Task ClientsAuthorize_ByName_ResolvesTheId()
    {
        await using var h = await LoggedInAsync();
        var client = new ClientInfo(2, "web-node", "h", ClientStatus.Unauthorized, "ab", ["rustack"], true, null, DateTimeOffset.UtcNow, null);
        h.Server.On("GET", ApiRoutes.Clients, new[] { client with { Id = 1, Name = "other" }, client });
        h.Server.On("POST", ApiRoutes.Clients + "/2/authorize", client with { Status = ClientStatus.Authorized });

        var exit = await h.RunAsync(AdminTool.RunAsync, "clients", "authorize", "web-node");

        Assert.Equal(0, exit);
        Assert.Equal("client web-node (2) authorized\n", h.Out);
    }

    [Fact]
    public async Task ClientsList_Unauthorized_QueryAndTable()
    {
        await using var h = await LoggedInAsync();
        h.Server.On("GET", ApiRoutes.Clients, new[] { new ClientInfo(2, "web-node", "host-2", ClientStatus.Unauthorized, "0123456789abcdef0123", ["rustack"], false, null, DateTimeOffset.UtcNow, null) });

        var exit = await h.RunAsync(AdminTool.RunAsync, "clients", "list", "--unauthorized");

        Assert.Equal(0, exit);
        Assert.Equal("?status=unauthorized", h.Server.RequestsTo("GET", ApiRoutes.Clients).Single().Query);
        Assert.Matches(@"2\s+web-node\s+host-2\s+unauthorized\s+-\s+rustack\s+local only\s+-\s+0123456789abcdef", h.Out);
    }

    [Fact]
    public async Task PoolsAdd_ChunkSizeInKib_RequestInBytes()
    {
        await using var h = await LoggedInAsync();
        h.Server.On("POST", ApiRoutes.Pools, r =>
        {
            var request = r.Json<CreatePoolRequest>();
            return (200, new PoolInfo(request.Name, request.Kind, "/var/pools/" + request.Name, request.ChunkSize ?? 262144, request.Description, DateTimeOffset.UtcNow));
        });

        var exit = await h.RunAsync(AdminTool.RunAsync, "pools", "add", "fast", "--kind", "dedup", "--chunk-size", "1024", "--description", "SSD pool");

        Assert.Equal(0, exit);
        Assert.Equal(new CreatePoolRequest("fast", PoolKind.Dedup, null, 1048576, "SSD pool"), h.Server.RequestsTo("POST", ApiRoutes.Pools).Single().Json<CreatePoolRequest>());
        Assert.Equal("pool fast created (dedup, 1.0 MiB chunks) at /var/pools/fast\n", h.Out);
    }

    [Fact]
    public async Task UsersAdd_PasswordFromEnvironment_SentNeverPrinted()
    {
        await using var h = await LoggedInAsync();
        h.Set("RUBACKUP_NEW_PASSWORD", "s3cret-pw");
        h.Server.On("POST", ApiRoutes.Users, r => (200, new UserInfo(r.Json<CreateUserRequest>().Name, r.Json<CreateUserRequest>().Role, false, DateTimeOffset.UtcNow)));

        var exit = await h.RunAsync(AdminTool.RunAsync, "users", "add", "bob", "--role", "operator", "--json");

        Assert.Equal(0, exit);
        Assert.Equal(new CreateUserRequest("bob", "s3cret-pw", UserRole.Operator), h.Server.RequestsTo("POST", ApiRoutes.Users).Single().Json<CreateUserRequest>());
        Assert.DoesNotContain("s3cret-pw", h.Out, StringComparison.Ordinal);
        Assert.Equal(UserRole.Operator, JsonSerializer.Deserialize<UserInfo>(h.Out, ApiJson.Options)!.Role);
    }

    [Fact]
    public async Task ArchivesRestore_DeployOnAnotherClient_RequestAndTaskPrinted()
    {
        await using var h = await LoggedInAsync();
        h.Server.On("POST", ApiRoutes.Archives + "/A1/restore", new TaskInfo { Id = 50, Kind = TaskKind.Restore, State = TaskState.New, ArchiveId = "A1", Created = DateTimeOffset.UtcNow });

        var exit = await h.RunAsync(AdminTool.RunAsync, "archives", "restore", "A1", "--mode", "deploy", "--client", "web-2");

        Assert.Equal(0, exit);
        Assert.Equal(new RestoreRequest(RestoreMode.Deploy, null, "web-2"), h.Server.RequestsTo("POST", ApiRoutes.Archives + "/A1/restore").Single().Json<RestoreRequest>());
        Assert.Equal("task 50: deploy restore of A1 (new)\n", h.Out);
    }

    [Fact]
    public async Task TasksList_Filters_Query()
    {
        await using var h = await LoggedInAsync();
        h.Server.On("GET", ApiRoutes.Tasks, Array.Empty<TaskInfo>());

        var exit = await h.RunAsync(AdminTool.RunAsync, "tasks", "list", "--state", "error", "--client", "3", "--limit", "5");

        Assert.Equal(0, exit);
        Assert.Equal("?state=error&client=3&limit=5", h.Server.RequestsTo("GET", ApiRoutes.Tasks).Single().Query);
    }

    [Fact]
    public async Task Command_TokenRejected_TellsToLogInAgain()
    {
        await using var h = await ToolHarness.StartAsync();
        h.Set(AdminContext.TokenVariable, "expired").Set(AdminContext.ServerVariable, h.Server.Url.ToString());

        var exit = await h.RunAsync(AdminTool.RunAsync, "audit", "--limit", "5");

        Assert.Equal(2, exit);
        Assert.Equal("rb_admin: error: log in first (the token expired or was revoked: run rb_admin login)\n", h.Error);
    }
}
