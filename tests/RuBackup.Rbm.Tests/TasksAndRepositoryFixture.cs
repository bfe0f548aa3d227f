using RuBackup.Api;

namespace RuBackup.Rbm.Tests;

/// <summary>
/// One system for the queue and repository tests: the simulator, the server (SQLite catalog), an
/// authorized client daemon (and one that disabled centralized restore), a dedup pool, a rule for
/// web-1 in status wait, an operator and an auditor. A backup is made once,
/// on the first test that needs an archive; the queue's own test runs its backups itself.
/// </summary>
public sealed class TasksAndRepositoryFixture : IAsyncLifetime
{
    public const string ClientName = "console-1";
    public const string Vm = "web-1";
    public const string NoCentralRestoreClient = "console-local";
    public const string OperatorName = "operator-1";
    public const string AuditorName = "auditor-1";
    public const string Password = "console-test-secret";

    private readonly SemaphoreSlim _archiveLock = new(1, 1);
    private TaskInfo? _backup;

    public SystemRun Run { get; private set; } = default!;

    public ClientProcess Client { get; private set; } = default!;

    public RuleInfo Rule { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Run = await SystemRun.StartAsync(CatalogKind.Sqlite);
        await Run.AddPoolAsync("dedup", PoolKind.Dedup);
        (Client, _) = await Run.AddClientAsync(ClientName);
        Rule = await Run.AddRuleAsync(ClientName, Vm, "dedup");
        // Its owner restores its data itself: the server refuses a centralized restore onto it.
        await Run.AddClientAsync(NoCentralRestoreClient, centralizedRestore: false);
        await Run.Admin.CreateUserAsync(new CreateUserRequest(OperatorName, Password, UserRole.Operator));
        await Run.Admin.CreateUserAsync(new CreateUserRequest(AuditorName, Password, UserRole.Auditor));
    }

    /// <summary>A Done backup of web-1 and its archive (made on first use).</summary>
    public async Task<TaskInfo> BackupAsync()
    {
        await _archiveLock.WaitAsync();
        try
        {
            return _backup ??= await Run.WaitTaskAsync((await Run.Admin.RunRuleAsync(Rule.Id)).Id);
        }
        finally
        {
            _archiveLock.Release();
        }
    }

    public async Task DisposeAsync()
    {
        _archiveLock.Dispose();
        if (Run is not null)
        {
            await Run.DisposeAsync();
        }
    }
}
