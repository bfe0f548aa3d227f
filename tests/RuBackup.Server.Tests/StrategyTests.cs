using System.Net;
using RuBackup.Api;
using RuBackup.Server.Tests.Support;

namespace RuBackup.Server.Tests;

public abstract class StrategyTests(string provider) : ServerTestBase(provider)
{
    private const string Gone = "VM no longer reported by the client";

    private static StrategySettings Strategy(string client = "client1", string pattern = "web-*", string name = "web") => new()
    {
        Name = name,
        Client = client,
        NamePattern = pattern,
        Pool = "pool1",
        Schedule = "0 3 * * *",
    };

    private static async Task ReportAsync(FakeClient client, params string[] vms) =>
        await Http.ExpectAsync(HttpStatusCode.NoContent, client.Http, HttpMethod.Post, ApiRoutes.ClientResources,
            new ResourceReport("rustack", vms.Select(vm => new ResourceInfo("rustack", "id-" + vm, vm, "ACTIVE")).ToList()));

    private async Task<StrategyInfo> CreateAsync(StrategySettings settings) => await Http.PostAsync<StrategyInfo>(Admin, ApiRoutes.Strategies, settings);

    private async Task<RuleInfo[]> RulesAsync(long id) => await Http.GetAsync<RuleInfo[]>(Admin, $"{ApiRoutes.Strategies}/{id}/rules");

    private static string[] Vms(IEnumerable<RuleInfo> rules) => rules.Select(r => r.Settings.ResourceName!).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task Create_PatternWebStar_RuleForEachMatchingVmOnly()
    {
        using var client = await FakeClient.AuthorizedAsync(Server, "client1");
        await CreatePoolAsync();
        await ReportAsync(client, "web-1", "web-2", "db-1", "xweb-1", "Web-3");

        var strategy = await CreateAsync(Strategy());

        var rules = await RulesAsync(strategy.Id);
        Assert.Equal(["web-1", "web-2"], Vms(rules));
        Assert.All(rules, r => Assert.Equal((strategy.Id, "client1", "pool1", "0 3 * * *", RuleStatus.Run, "id-" + r.Settings.ResourceName, "web/" + r.Settings.ResourceName),
            (r.StrategyId, r.Settings.Client, r.Settings.Pool, r.Settings.Schedule, r.Status, r.Settings.Resource, r.Settings.Name)));
        Assert.Equal(rules.Select(r => r.Id).Order(), strategy.RuleIds);
        Assert.Equal(2, (await Http.GetAsync<RuleInfo[]>(Admin, ApiRoutes.Rules)).Length);
        var audit = await Http.GetAsync<AuditEntry[]>(Admin, ApiRoutes.Audit);
        Assert.Contains(audit, e => e.Action == "strategy.create");
        Assert.Equal(2, audit.Count(e => e.Action == "rule.create" && e.Actor == "strategy:web"));
    }

    [Fact]
    public async Task Report_VmAppearsLater_GetsItsRule_VanishedVmKeepsRuleWithNote()
    {
        using var client = await FakeClient.AuthorizedAsync(Server, "client1");
        await CreatePoolAsync();
        var strategy = await CreateAsync(Strategy() with { EnableAfterCreation = false });
        Assert.Empty(await RulesAsync(strategy.Id));

        await ReportAsync(client, "web-1", "db-1");
        Assert.Equal(["web-1"], Vms(await RulesAsync(strategy.Id)));
        await ReportAsync(client, "web-1", "db-1", "web-3");
        var rules = await RulesAsync(strategy.Id);
        Assert.Equal(["web-1", "web-3"], Vms(rules));
        Assert.All(rules, r => Assert.Equal(RuleStatus.Wait, r.Status));

        await ReportAsync(client, "web-3");
        rules = await RulesAsync(strategy.Id);
        Assert.Equal(["web-1", "web-3"], Vms(rules));
        Assert.Equal(Gone, rules.Single(r => r.Settings.ResourceName == "web-1").Note);
        Assert.Null(rules.Single(r => r.Settings.ResourceName == "web-3").Note);

        await ReportAsync(client, "web-1", "web-3");
        Assert.All(await RulesAsync(strategy.Id), r => Assert.Null(r.Note));
        Assert.Equal(2, (await RulesAsync(strategy.Id)).Length);
    }

    [Fact]
    public async Task Update_ChangesEveryGeneratedRule_KeepsNamesAndVms()
    {
        using var client = await FakeClient.AuthorizedAsync(Server, "client1");
        await CreatePoolAsync();
        await ReportAsync(client, "web-1", "web-2", "db-1");
        var strategy = await CreateAsync(Strategy());

        var updated = await Http.SendAsync(Admin, HttpMethod.Put, $"{ApiRoutes.Strategies}/{strategy.Id}",
            strategy.Settings with { Name = "frontends", Schedule = "30 1 * * 1-5", RetentionDays = 7, BackupType = BackupKind.Incremental });
        await Http.EnsureAsync(updated);

        var rules = await RulesAsync(strategy.Id);
        Assert.Equal(["web-1", "web-2"], Vms(rules));
        Assert.All(rules, r => Assert.Equal(("web/" + r.Settings.ResourceName, "30 1 * * 1-5", 7, BackupKind.Incremental),
            (r.Settings.Name, r.Settings.Schedule, r.Settings.RetentionDays, r.Settings.BackupType)));
        Assert.Equal("frontends", (await Http.GetAsync<StrategyInfo>(Admin, $"{ApiRoutes.Strategies}/{strategy.Id}")).Settings.Name);
    }

    [Fact]
    public async Task ScriptAfterBackup_CreateAndUpdate_ReachEveryGeneratedRule()
    {
        using var client = await FakeClient.AuthorizedAsync(Server, "client1");
        await CreatePoolAsync();
        await ReportAsync(client, "web-1", "web-2");

        var strategy = await CreateAsync(Strategy() with { ScriptAfterBackup = "/opt/ship.sh" });
        Assert.Equal("/opt/ship.sh", (await Http.GetAsync<StrategyInfo>(Admin, $"{ApiRoutes.Strategies}/{strategy.Id}")).Settings.ScriptAfterBackup);
        Assert.All(await RulesAsync(strategy.Id), r => Assert.Equal("/opt/ship.sh", r.Settings.ScriptAfterBackup));

        await Http.EnsureAsync(await Http.SendAsync(Admin, HttpMethod.Put, $"{ApiRoutes.Strategies}/{strategy.Id}", strategy.Settings with { ScriptAfterBackup = "" }));
        Assert.Null((await Http.GetAsync<StrategyInfo>(Admin, $"{ApiRoutes.Strategies}/{strategy.Id}")).Settings.ScriptAfterBackup);
        var rules = await RulesAsync(strategy.Id);
        Assert.Equal(2, rules.Length);
        Assert.All(rules, r => Assert.Null(r.Settings.ScriptAfterBackup));
    }

    [Fact]
    public async Task Update_PatternWidened_NewMatchesGetRules()
    {
        using var client = await FakeClient.AuthorizedAsync(Server, "client1");
        await CreatePoolAsync();
        await ReportAsync(client, "web-1", "db-1");
        var strategy = await CreateAsync(Strategy());
        await Http.EnsureAsync(await Http.SendAsync(Admin, HttpMethod.Put, $"{ApiRoutes.Strategies}/{strategy.Id}", strategy.Settings with { NamePattern = "*-?" }));
        Assert.Equal(["db-1", "web-1"], Vms(await RulesAsync(strategy.Id)));
    }

    [Fact]
    public async Task Pause_PausesEveryRule_ResumeResumes_OperatorMay()
    {
        using var client = await FakeClient.AuthorizedAsync(Server, "client1");
        await CreatePoolAsync();
        await ReportAsync(client, "web-1", "web-2");
        var strategy = await CreateAsync(Strategy());
        var oper = await Server.UserAsync(UserRole.Operator);

        Assert.Equal(RuleStatus.Wait, (await Http.PostAsync<StrategyInfo>(oper, $"{ApiRoutes.Strategies}/{strategy.Id}/pause")).Status);
        Assert.All(await RulesAsync(strategy.Id), r => Assert.Equal(RuleStatus.Wait, r.Status));
        await ReportAsync(client, "web-1", "web-2", "web-3");
        Assert.All(await RulesAsync(strategy.Id), r => Assert.Equal(RuleStatus.Wait, r.Status));

        Assert.Equal(RuleStatus.Run, (await Http.PostAsync<StrategyInfo>(oper, $"{ApiRoutes.Strategies}/{strategy.Id}/resume")).Status);
        var rules = await RulesAsync(strategy.Id);
        Assert.Equal(3, rules.Length);
        Assert.All(rules, r => Assert.Equal(RuleStatus.Run, r.Status));
        await Http.ExpectAsync(HttpStatusCode.Forbidden, oper, HttpMethod.Put, $"{ApiRoutes.Strategies}/{strategy.Id}", strategy.Settings);
    }

    public static TheoryData<string, string> InvalidSettings => new()
    {
        { "pattern", "namePattern" },
        { "patternControl", "namePattern" },
        { "name", "name" },
        { "longName", "name" },
        { "pool", "pool" },
        { "schedule", "schedule" },
        { "both", "client" },
        { "unknownClient", "client" },
        { "retention", "retentionDays" },
        { "resourceType", "resourceType" },
        { "scriptRelative", "scriptAfterBackup" },
        { "scriptNewline", "scriptAfterBackup" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public async Task Create_InvalidSetting_Answers400NamingTheField(string fault, string field)
    {
        using var client = await FakeClient.AuthorizedAsync(Server, "client1");
        await CreatePoolAsync();
        var valid = Strategy();
        var settings = fault switch
        {
            "pattern" => valid with { NamePattern = " " },
            "patternControl" => valid with { NamePattern = "web-\n*" },
            "name" => valid with { Name = "" },
            "longName" => valid with { Name = new string('s', 65) },
            "pool" => valid with { Pool = "nosuchpool" },
            "schedule" => valid with { Schedule = "daily" },
            "both" => valid with { ClientGroup = "cluster" },
            "unknownClient" => valid with { Client = "ghost" },
            "retention" => valid with { RetentionDays = 0 },
            "resourceType" => valid with { ResourceType = "vmware" },
            "scriptRelative" => valid with { ScriptAfterBackup = "ship.sh" },
            "scriptNewline" => valid with { ScriptAfterBackup = "/opt/ship.sh\n" },
            _ => throw new ArgumentOutOfRangeException(nameof(fault)),
        };
        var error = await Http.ExpectAsync(HttpStatusCode.BadRequest, Admin, HttpMethod.Post, ApiRoutes.Strategies, settings);
        Assert.Equal(field, error!.Field);
        Assert.Empty(await Http.GetAsync<StrategyInfo[]>(Admin, ApiRoutes.Strategies));
    }

    [Fact]
    public async Task Expand_RuleNameTaken_MadeUnique()
    {
        using var client = await FakeClient.AuthorizedAsync(Server, "client1");
        await CreatePoolAsync();
        var handMade = await CreateRuleAsync(Rule("client1", name: "web/web-1", resource: "elsewhere"));
        await ReportAsync(client, "web-1");

        var strategy = await CreateAsync(Strategy());

        var rule = Assert.Single(await RulesAsync(strategy.Id));
        Assert.Equal(("web/web-1-2", "id-web-1"), (rule.Settings.Name, rule.Settings.Resource));
        Assert.Null((await Http.GetAsync<RuleInfo>(Admin, $"{ApiRoutes.Rules}/{handMade.Id}")).StrategyId);
        await Http.ExpectAsync(HttpStatusCode.Conflict, Admin, HttpMethod.Post, ApiRoutes.Strategies, Strategy(pattern: "db-*"));
    }

    [Fact]
    public async Task Group_UnionOfMembersVms_OneRulePerVmId()
    {
        using var a = await FakeClient.AuthorizedAsync(Server, "client1");
        using var b = await FakeClient.AuthorizedAsync(Server, "client2");
        await CreatePoolAsync();
        foreach (var member in new[] { a, b })
        {
            await Http.EnsureAsync(await Http.SendAsync(Admin, HttpMethod.Patch, $"{ApiRoutes.Clients}/{member.Id}", new UpdateClientRequest("cluster")));
        }
        await ReportAsync(a, "web-1", "web-2");
        await ReportAsync(b, "web-2", "web-3");

        var strategy = await CreateAsync(Strategy() with { Client = null, ClientGroup = "cluster" });

        var rules = await RulesAsync(strategy.Id);
        Assert.Equal(["web-1", "web-2", "web-3"], Vms(rules));
        Assert.All(rules, r => Assert.Equal(("cluster", (string?)null), (r.Settings.ClientGroup, r.Settings.Client)));
    }

    [Fact]
    public async Task Run_BackupTaskPerGeneratedRule_SkipsVanishedVms()
    {
        using var client = await FakeClient.AuthorizedAsync(Server, "client1");
        await CreatePoolAsync();
        await ReportAsync(client, "web-1", "web-2", "db-1");
        var strategy = await CreateAsync(Strategy() with { EnableAfterCreation = false });
        await ReportAsync(client, "web-2", "db-1");
        var oper = await Server.UserAsync(UserRole.Operator);

        var tasks = await Http.PostAsync<TaskInfo[]>(oper, $"{ApiRoutes.Strategies}/{strategy.Id}/run");

        var task = Assert.Single(tasks);
        var rule = (await RulesAsync(strategy.Id)).Single(r => r.Settings.ResourceName == "web-2");
        Assert.Equal((TaskKind.Backup, rule.Id, "id-web-2", client.Id), (task.Kind, task.RuleId, task.Resource, task.ClientId));
        Assert.Single(await Http.GetAsync<TaskInfo[]>(Admin, ApiRoutes.Tasks));
    }

    [Fact]
    public async Task Delete_KeepsRulesAsHandMade_OrDeletesThemWhenAsked()
    {
        using var client = await FakeClient.AuthorizedAsync(Server, "client1");
        await CreatePoolAsync();
        await ReportAsync(client, "web-1", "db-1");
        var web = await CreateAsync(Strategy());
        var db = await CreateAsync(Strategy(pattern: "db-*", name: "db"));

        await Http.ExpectAsync(HttpStatusCode.BadRequest, Admin, HttpMethod.Delete, $"{ApiRoutes.Strategies}/{web.Id}?rules=maybe");
        await Http.ExpectAsync(HttpStatusCode.NoContent, Admin, HttpMethod.Delete, $"{ApiRoutes.Strategies}/{web.Id}");
        await Http.ExpectAsync(HttpStatusCode.NoContent, Admin, HttpMethod.Delete, $"{ApiRoutes.Strategies}/{db.Id}?rules=delete");

        var rule = Assert.Single(await Http.GetAsync<RuleInfo[]>(Admin, ApiRoutes.Rules));
        Assert.Equal(("web/web-1", (long?)null), (rule.Settings.Name, rule.StrategyId));
        Assert.Empty(await Http.GetAsync<StrategyInfo[]>(Admin, ApiRoutes.Strategies));
        await Http.ExpectAsync(HttpStatusCode.NotFound, Admin, HttpMethod.Get, $"{ApiRoutes.Strategies}/{web.Id}");
        var audit = await Http.GetAsync<AuditEntry[]>(Admin, ApiRoutes.Audit);
        Assert.Equal(2, audit.Count(e => e.Action == "strategy.delete"));
    }
}

public sealed class SqliteStrategyTests() : StrategyTests(CatalogBackend.Sqlite);

public sealed class PostgresStrategyTests() : StrategyTests(CatalogBackend.PostgreSql);
