using System.Net;
using RuBackup.Api;
using RuBackup.Server.Tests.Support;

namespace RuBackup.Server.Tests;

public abstract class RuleTests(string provider) : ServerTestBase(provider)
{
    [Fact]
    public async Task Create_Default_IsRunAndKeepsEverySetting()
    {
        using var client = await FakeClient.AuthorizedAsync(Server, "client1");
        await CreatePoolAsync();
        await CreatePoolAsync("pool2", PoolKind.Plain);
        var settings = Rule("client1") with
        {
            MaxVolumeGb = 50,
            BackupType = BackupKind.Incremental,
            RetentionDays = 14,
            VerifyEveryDays = 7,
            LifetimeUntil = new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero),
            Encryption = "aes-256-gcm",
            ScriptBeforeSnapshot = "/opt/before.sh",
            ScriptAfterSnapshot = "/opt/after.sh",
            ScriptAfterBackup = "/opt/ship to tape.sh",
            OnExpiry = ExpiryAction.Notify,
            MoveToPool = "pool2",
            MoveAfterDays = 3,
            ClientMayDelete = true,
            Notify = ["ops@example.org"],
        };
        var rule = await CreateRuleAsync(settings);
        Assert.Equal(RuleStatus.Run, rule.Status);
        var read = await Http.GetAsync<RuleInfo>(Admin, $"{ApiRoutes.Rules}/{rule.Id}");
        Assert.Equal(settings with { Notify = [], NotifyOn = [] }, read.Settings with { Notify = [], NotifyOn = [] });
        Assert.Equal(["ops@example.org"], read.Settings.Notify);
        Assert.Equal([NotifyEvent.Failure, NotifyEvent.Expiry, NotifyEvent.VerifyFailure], read.Settings.NotifyOn);
    }

    [Fact]
    public async Task Create_EnableAfterCreationOff_IsWait_PauseResumeSwitch()
    {
        using var client = await FakeClient.AuthorizedAsync(Server, "client1");
        await CreatePoolAsync();
        var rule = await CreateRuleAsync(Rule("client1") with { EnableAfterCreation = false });
        Assert.Equal(RuleStatus.Wait, rule.Status);
        var oper = await Server.UserAsync(UserRole.Operator);
        Assert.Equal(RuleStatus.Run, (await Http.PostAsync<RuleInfo>(oper, $"{ApiRoutes.Rules}/{rule.Id}/resume")).Status);
        Assert.Equal(RuleStatus.Wait, (await Http.PostAsync<RuleInfo>(oper, $"{ApiRoutes.Rules}/{rule.Id}/pause")).Status);
    }

    public static TheoryData<string, string> InvalidSettings => new()
    {
        { "schedule", "schedule" },
        { "schedule6", "schedule" },
        { "pool", "pool" },
        { "both", "client" },
        { "neither", "client" },
        { "unknownClient", "client" },
        { "unauthorizedClient", "client" },
        { "resourceType", "resourceType" },
        { "retention", "retentionDays" },
        { "encryption", "encryption" },
        { "moveToPool", "moveToPool" },
        { "name", "name" },
        { "scriptRelative", "scriptAfterBackup" },
        { "scriptNewline", "scriptAfterBackup" },
        { "scriptNul", "scriptAfterBackup" },
        { "scriptBlank", "scriptAfterBackup" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public async Task Create_InvalidSetting_Answers400NamingTheField(string fault, string field)
    {
        using var client = await FakeClient.AuthorizedAsync(Server, "client1");
        using var stranger = await FakeClient.RegisterAsync(Server, "stranger");
        await CreatePoolAsync();
        var valid = Rule("client1");
        var settings = fault switch
        {
            "schedule" => valid with { Schedule = "every day at 3" },
            "schedule6" => valid with { Schedule = "0 0 3 * * *" },
            "pool" => valid with { Pool = "nosuchpool" },
            "both" => valid with { ClientGroup = "cluster" },
            "neither" => valid with { Client = null },
            "unknownClient" => valid with { Client = "ghost" },
            "unauthorizedClient" => valid with { Client = "stranger" },
            "resourceType" => valid with { ResourceType = "vmware" },
            "retention" => valid with { RetentionDays = 0 },
            "encryption" => valid with { Encryption = "rot13" },
            "moveToPool" => valid with { MoveToPool = "nosuchpool", MoveAfterDays = 2 },
            "name" => valid with { Name = " " },
            "scriptRelative" => valid with { ScriptAfterBackup = "scripts/ship.sh" },
            "scriptNewline" => valid with { ScriptAfterBackup = "/opt/ship.sh\nrm -rf /" },
            "scriptNul" => valid with { ScriptAfterBackup = "/opt/ship.sh\0" },
            "scriptBlank" => valid with { ScriptAfterBackup = " " },
            _ => throw new ArgumentOutOfRangeException(nameof(fault)),
        };
        var error = await Http.ExpectAsync(HttpStatusCode.BadRequest, Admin, HttpMethod.Post, ApiRoutes.Rules, settings);
        Assert.Equal(field, error!.Field);
        Assert.False(string.IsNullOrWhiteSpace(error.Error));
        Assert.Empty(await Http.GetAsync<RuleInfo[]>(Admin, ApiRoutes.Rules));
    }

    [Theory]
    [InlineData("nocrypt", "nocrypt")]
    [InlineData("aes-256-gcm", "aes-256-gcm")]
    [InlineData("kuznyechik-256", "kuznyechik-256")]
    [InlineData("Kuznyechik", "kuznyechik-256")]
    [InlineData("TWOFISH-128", "twofish-128")]
    [InlineData("Threefish-1024", "threefish-1024")]
    [InlineData("SM4", "sm4-128")]
    public async Task Create_EncryptionOfTheTable_StoredAsItsLabel(string given, string stored)
    {
        using var client = await FakeClient.AuthorizedAsync(Server, "client1");
        await CreatePoolAsync();

        var rule = await CreateRuleAsync(Rule("client1") with { Encryption = given });

        Assert.Equal(stored, rule.Settings.Encryption);
        Assert.Equal(stored, (await Http.GetAsync<RuleInfo>(Admin, $"{ApiRoutes.Rules}/{rule.Id}")).Settings.Encryption);
    }

    [Theory]
    [InlineData("aes256")]
    [InlineData("kuznyechik-128")]
    [InlineData("gost-28147")]
    public async Task Create_EncryptionNotInTheTable_Answers400ListingExamples(string given)
    {
        using var client = await FakeClient.AuthorizedAsync(Server, "client1");
        await CreatePoolAsync();

        var error = await Http.ExpectAsync(HttpStatusCode.BadRequest, Admin, HttpMethod.Post, ApiRoutes.Rules, Rule("client1") with { Encryption = given });

        Assert.Equal("encryption", error!.Field);
        Assert.Contains(given, error.Error, StringComparison.Ordinal);
        foreach (var example in new[] { "nocrypt", "aes-256-gcm", "kuznyechik-256", "threefish-1024" })
        {
            Assert.Contains(example, error.Error, StringComparison.Ordinal);
        }
        Assert.Empty(await Http.GetAsync<RuleInfo[]>(Admin, ApiRoutes.Rules));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("/usr/local/bin/ship-to-tape", "/usr/local/bin/ship-to-tape")]
    public async Task CreateUpdate_ScriptAfterBackup_StoredOrNone(string? given, string? stored)
    {
        using var client = await FakeClient.AuthorizedAsync(Server, "client1");
        await CreatePoolAsync();

        var rule = await CreateRuleAsync(Rule("client1") with { ScriptAfterBackup = given });
        Assert.Equal(stored, (await Http.GetAsync<RuleInfo>(Admin, $"{ApiRoutes.Rules}/{rule.Id}")).Settings.ScriptAfterBackup);

        await Http.EnsureAsync(await Http.SendAsync(Admin, HttpMethod.Put, $"{ApiRoutes.Rules}/{rule.Id}", rule.Settings with { ScriptAfterBackup = "/opt/other.sh" }));
        Assert.Equal("/opt/other.sh", (await Http.GetAsync<RuleInfo>(Admin, $"{ApiRoutes.Rules}/{rule.Id}")).Settings.ScriptAfterBackup);
        var error = await Http.ExpectAsync(HttpStatusCode.BadRequest, Admin, HttpMethod.Put, $"{ApiRoutes.Rules}/{rule.Id}", rule.Settings with { ScriptAfterBackup = "other.sh" });
        Assert.Equal("scriptAfterBackup", error!.Field);
        Assert.Contains("absolute", error.Error, StringComparison.Ordinal);
        Assert.Equal("/opt/other.sh", (await Http.GetAsync<RuleInfo>(Admin, $"{ApiRoutes.Rules}/{rule.Id}")).Settings.ScriptAfterBackup);
    }

    [Fact]
    public async Task Create_MissingRequiredProperty_Answers400NamingIt()
    {
        var error = await Http.ExpectAsync(HttpStatusCode.BadRequest, Admin, HttpMethod.Post, ApiRoutes.Rules, new { name = "r", resource = "vm", pool = "p" });
        Assert.Contains("schedule", error!.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operator_CannotCreateEditDelete_ButRunsNow()
    {
        var (_, rule) = await ClientWithRuleAsync();
        var oper = await Server.UserAsync(UserRole.Operator);
        await Http.ExpectAsync(HttpStatusCode.Forbidden, oper, HttpMethod.Post, ApiRoutes.Rules, Rule("client1", name: "other"));
        await Http.ExpectAsync(HttpStatusCode.Forbidden, oper, HttpMethod.Put, $"{ApiRoutes.Rules}/{rule.Id}", rule.Settings with { RetentionDays = 1 });
        await Http.ExpectAsync(HttpStatusCode.Forbidden, oper, HttpMethod.Delete, $"{ApiRoutes.Rules}/{rule.Id}");
        var task = await Http.PostAsync<TaskInfo>(oper, $"{ApiRoutes.Rules}/{rule.Id}/run");
        Assert.Equal("operator1", task.CreatedBy);
        Assert.Equal(30, (await Http.GetAsync<RuleInfo>(Admin, $"{ApiRoutes.Rules}/{rule.Id}")).Settings.RetentionDays);
    }

    [Fact]
    public async Task Auditor_ReadsButChangesNothing()
    {
        var (_, rule) = await ClientWithRuleAsync();
        var auditor = await Server.UserAsync(UserRole.Auditor);
        Assert.Single(await Http.GetAsync<RuleInfo[]>(auditor, ApiRoutes.Rules));
        Assert.Single(await Http.GetAsync<PoolInfo[]>(auditor, ApiRoutes.Pools));
        Assert.NotEmpty(await Http.GetAsync<AuditEntry[]>(auditor, ApiRoutes.Audit));
        Assert.True((await Http.GetAsync<CheckReport>(auditor, ApiRoutes.Check)).Consistent);
        await Http.ExpectAsync(HttpStatusCode.Forbidden, auditor, HttpMethod.Post, $"{ApiRoutes.Rules}/{rule.Id}/run");
        await Http.ExpectAsync(HttpStatusCode.Forbidden, auditor, HttpMethod.Post, $"{ApiRoutes.Rules}/{rule.Id}/pause");
        await Http.ExpectAsync(HttpStatusCode.Forbidden, auditor, HttpMethod.Delete, $"{ApiRoutes.Pools}/pool1");
        await Http.ExpectAsync(HttpStatusCode.Forbidden, auditor, HttpMethod.Post, ApiRoutes.Users, new CreateUserRequest("x1", "password-x1", UserRole.Auditor));
    }

    [Fact]
    public async Task RunNow_CreatesBackupTaskEvenInWait_TypeOverrides()
    {
        var (client, rule) = await ClientWithRuleAsync();
        await Http.PostAsync<RuleInfo>(Admin, $"{ApiRoutes.Rules}/{rule.Id}/pause");
        var task = await RunNowAsync(rule.Id);
        Assert.Equal((TaskKind.Backup, TaskState.New, BackupKind.Full, rule.Id, client.Id, "pool1", "vm-1"),
            (task.Kind, task.State, task.BackupType, task.RuleId, task.ClientId, task.Pool, task.Resource));
        // Without an archive to build on, an incremental becomes full (issue 5: never build on nothing or on damage).
        Assert.Equal(BackupKind.Full, (await RunNowAsync(rule.Id, "incremental")).BackupType);
        var error = await Http.ExpectAsync(HttpStatusCode.BadRequest, Admin, HttpMethod.Post, $"{ApiRoutes.Rules}/{rule.Id}/run?type=weekly");
        Assert.Equal("type", error!.Field);
        Assert.NotNull((await Http.GetAsync<RuleInfo>(Admin, $"{ApiRoutes.Rules}/{rule.Id}")).LastRun);
        Assert.Equal(2, (await Http.GetAsync<TaskInfo[]>(Admin, ApiRoutes.Tasks)).Length);
    }

    [Fact]
    public async Task Update_ReplacesSettings_DeleteRemoves()
    {
        var (_, rule) = await ClientWithRuleAsync();
        var updated = await Http.SendAsync(Admin, HttpMethod.Put, $"{ApiRoutes.Rules}/{rule.Id}", rule.Settings with { Schedule = "30 1 * * 1-5", RetentionDays = 7 });
        await Http.EnsureAsync(updated);
        var read = await Http.GetAsync<RuleInfo>(Admin, $"{ApiRoutes.Rules}/{rule.Id}");
        Assert.Equal(("30 1 * * 1-5", 7, RuleStatus.Run), (read.Settings.Schedule, read.Settings.RetentionDays, read.Status));
        var error = await Http.ExpectAsync(HttpStatusCode.BadRequest, Admin, HttpMethod.Put, $"{ApiRoutes.Rules}/{rule.Id}", rule.Settings with { Schedule = "61 * * * *" });
        Assert.Equal("schedule", error!.Field);
        await Http.ExpectAsync(HttpStatusCode.NoContent, Admin, HttpMethod.Delete, $"{ApiRoutes.Rules}/{rule.Id}");
        await Http.ExpectAsync(HttpStatusCode.NotFound, Admin, HttpMethod.Get, $"{ApiRoutes.Rules}/{rule.Id}");
    }

    [Fact]
    public async Task Pools_CreateInitializesRepository_DeleteRefusedWhileRuleUsesIt()
    {
        var pool = await CreatePoolAsync("dedup1");
        Assert.True(File.Exists(Path.Combine(pool.Path, "rubackup-repo.json")));
        Assert.StartsWith(Server.DataFolder, pool.Path, StringComparison.Ordinal);
        await Http.ExpectAsync(HttpStatusCode.Conflict, Admin, HttpMethod.Post, ApiRoutes.Pools, new CreatePoolRequest("dedup1", PoolKind.Dedup));
        var error = await Http.ExpectAsync(HttpStatusCode.BadRequest, Admin, HttpMethod.Post, ApiRoutes.Pools, new CreatePoolRequest("odd", PoolKind.Plain, ChunkSize: 1000));
        Assert.Equal("chunkSize", error!.Field);
        using var client = await FakeClient.AuthorizedAsync(Server, "client1");
        var rule = await CreateRuleAsync(Rule("client1", "dedup1"));
        error = await Http.ExpectAsync(HttpStatusCode.Conflict, Admin, HttpMethod.Delete, ApiRoutes.Pools + "/dedup1");
        Assert.Contains(rule.Settings.Name, error!.Error, StringComparison.Ordinal);
        await Http.ExpectAsync(HttpStatusCode.NoContent, Admin, HttpMethod.Delete, $"{ApiRoutes.Rules}/{rule.Id}");
        await Http.ExpectAsync(HttpStatusCode.NoContent, Admin, HttpMethod.Delete, ApiRoutes.Pools + "/dedup1");
        Assert.True(Directory.Exists(pool.Path));
    }
}

public sealed class SqliteRuleTests() : RuleTests(CatalogBackend.Sqlite);

public sealed class PostgresRuleTests() : RuleTests(CatalogBackend.PostgreSql);
