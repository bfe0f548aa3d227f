using RuBackup.Api;

namespace RuBackup.Server.Tests.Support;

/// <summary>
/// One fresh server per test over the provider the subclass names; every suite has a SQLite and a
/// PostgreSQL subclass so both catalogs pass the same tests.
/// </summary>
public abstract class ServerTestBase(string provider) : IAsyncLifetime
{
    private CatalogBackend? _backend;

    protected string Provider { get; } = provider;

    protected TestServer Server { get; private set; } = null!;

    protected HttpClient Admin { get; private set; } = null!;

    protected virtual TimeProvider? Time => null;

    public async Task InitializeAsync()
    {
        _backend = await CatalogBackend.CreateAsync(Provider);
        Server = await TestServer.StartAsync(_backend, Time);
        Admin = await Server.SuperuserAsync();
    }

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
        if (_backend is not null)
        {
            await _backend.DisposeAsync();
        }
    }

    protected async Task<PoolInfo> CreatePoolAsync(string name = "pool1", PoolKind kind = PoolKind.Dedup) =>
        await Http.PostAsync<PoolInfo>(Admin, ApiRoutes.Pools, new CreatePoolRequest(name, kind, ChunkSize: 64 * 1024));

    protected static RuleSettings Rule(string client, string pool = "pool1", string name = "rule1", string resource = "vm-1") => new()
    {
        Name = name,
        Client = client,
        Resource = resource,
        ResourceName = resource + "-name",
        Pool = pool,
        Schedule = "0 3 * * *",
    };

    protected async Task<RuleInfo> CreateRuleAsync(RuleSettings settings) => await Http.PostAsync<RuleInfo>(Admin, ApiRoutes.Rules, settings);

    /// <summary>An authorized client with a pool and a rule for it.</summary>
    protected async Task<(FakeClient Client, RuleInfo Rule)> ClientWithRuleAsync(string name = "client1", string pool = "pool1", string resource = "vm-1", bool centralizedRestore = true)
    {
        var client = await FakeClient.AuthorizedAsync(Server, name, centralizedRestore);
        var pools = await Http.GetAsync<PoolInfo[]>(Admin, ApiRoutes.Pools);
        if (pools.All(p => p.Name != pool))
        {
            await CreatePoolAsync(pool);
        }
        var rule = await CreateRuleAsync(Rule(name, pool, "rule-" + name + "-" + resource, resource));
        return (client, rule);
    }

    protected async Task<TaskInfo> RunNowAsync(long ruleId, string? type = null) =>
        await Http.PostAsync<TaskInfo>(Admin, $"{ApiRoutes.Rules}/{ruleId}/run" + (type is null ? "" : "?type=" + type));
}
