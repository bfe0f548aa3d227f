using System.Text.Json;
using RuBackup.Api;
using RuBackup.TestSupport;

namespace RuBackup.Catalog.Tests;

/// <summary>
/// One fresh catalog per test on a real database: a temporary folder for SQLite, a fresh database from
/// <see cref="PostgresTestDatabase"/> for PostgreSQL. Each test class is abstract; Providers.cs runs it
/// once per provider.
/// </summary>
public abstract class CatalogTestBase : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, 123, TimeSpan.Zero);

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };

    private PostgresTestDatabase? database;

    protected abstract string Provider { get; }

    /// <summary>False for tests of the migrations themselves: the catalog starts empty.</summary>
    protected virtual bool MigrateFirst => true;

    protected ICatalog Catalog { get; private set; } = null!;

    protected string? DataFolder { get; private set; }

    protected static CancellationToken Ct => CancellationToken.None;

    protected CatalogOptions Options => Provider == CatalogOptions.Sqlite
        ? new CatalogOptions { Provider = CatalogOptions.Sqlite, DataFolder = DataFolder }
        : new CatalogOptions { Provider = CatalogOptions.PostgreSql, ConnectionString = database!.ConnectionString };

    public async Task InitializeAsync()
    {
        if (Provider == CatalogOptions.Sqlite)
        {
            DataFolder = Path.Combine(Path.GetTempPath(), "rb-catalog-" + Guid.NewGuid().ToString("N")[..12]);
        }
        else
        {
            database = await PostgresTestDatabase.CreateAsync();
        }

        Catalog = CatalogFactory.Open(Options);
        if (MigrateFirst)
        {
            await Catalog.MigrateAsync(Ct);
        }
    }

    public async Task DisposeAsync()
    {
        await Catalog.DisposeAsync();
        if (database is not null)
        {
            await database.DisposeAsync();
        }

        if (DataFolder is not null && Directory.Exists(DataFolder))
        {
            Directory.Delete(DataFolder, recursive: true);
        }
    }

    /// <summary>Records hold lists, which records compare by reference: compare their JSON instead.</summary>
    protected static string Json<T>(T value) => JsonSerializer.Serialize(value, JsonOptions);

    protected static ClientRegistration Registration(string name, string key, string hostname = "host", bool centralizedRestore = true) =>
        new(name, hostname, key, ["rb_module_rustack"], centralizedRestore, "1.0");

    protected async Task<ClientRecord> RegisterAsync(string name, string? group = null)
    {
        var client = await Catalog.RegisterClientAsync(Registration(name, "key-of-" + name), "fp-" + name, T0, Ct);
        if (group is not null)
        {
            await Catalog.SetClientGroupAsync(client.Info.Id, group, Ct);
        }

        return client;
    }

    protected static TaskInfo NewTask(TaskKind kind = TaskKind.Backup, long? clientId = null, string? group = null, string? resource = "vm-1") => new()
    {
        Id = 0,
        Kind = kind,
        State = TaskState.New,
        ClientId = clientId,
        ClientGroup = group,
        Resource = resource,
        ResourceType = "rustack",
        Pool = "default",
        BackupType = kind == TaskKind.Backup ? BackupKind.Full : null,
        CreatedBy = "schedule",
        Created = T0,
    };

    protected static ArchiveInfo NewArchive(string id, BackupKind type, string? baseId, long clientId = 1, DateTimeOffset? created = null, string resource = "vm-1", string pool = "default") => new()
    {
        Id = id,
        ClientId = clientId,
        ClientName = "client-" + clientId,
        Pool = pool,
        ResourceType = "rustack",
        Resource = resource,
        Type = type,
        Base = baseId,
        Created = created ?? T0,
        Status = "ok",
    };
}
