using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Repository.Engine;
using RuBackup.Repository.Format;
using RuBackup.Repository.Remote;
using RuBackup.Repository.Storage;
using RuBackup.Server.Moves;
using RuBackup.Server.Tests.Support;

namespace RuBackup.Server.Tests;

/// <summary>
/// The schedulers of this part on a fake clock: rules' moves are enqueued once a family is old enough,
/// and the gc of a dedup pool runs at its cron occurrence without harming a backup still being written.
/// </summary>
public abstract class ScheduledMoveAndGcTests(string provider) : ServerTestBase(provider)
{
    // Just before the default gc occurrence (03:30 UTC), on today's date so archives (stamped by the
    // client's real clock) and the server's clock agree about ages.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(DateTime.UtcNow.Date.AddHours(3).AddMinutes(29).AddSeconds(50), TimeSpan.Zero));

    protected override TimeProvider? Time => _time;

    private ICatalog Catalog => Server.Host.Services.GetRequiredService<ICatalog>();

    [Fact]
    public async Task MoveScheduler_FamilyOlderThanMoveAfterDays_EnqueuedOnceAndMoved()
    {
        var client = await FakeClient.AuthorizedAsync(Server, "client1", true);
        await CreatePoolAsync("pool1");
        await CreatePoolAsync("cold", PoolKind.Plain);
        var rule = await CreateRuleAsync(Rule("client1") with { MoveToPool = "cold", MoveAfterDays = 7 });
        await RunNowAsync(rule.Id);
        var (_, full) = await ClientRuns.BackupAsync(client, ClientRuns.Disk(21, 4));
        var scheduler = Server.Host.Services.GetRequiredService<MoveScheduler>();

        _time.SetUtcNow(full.Manifest.Created + TimeSpan.FromDays(6.9));
        await scheduler.TickAsync(CancellationToken.None);
        Assert.Empty(await MovesOfAsync(full.Manifest.Id));

        _time.SetUtcNow(full.Manifest.Created + TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        await scheduler.TickAsync(CancellationToken.None);
        await scheduler.TickAsync(CancellationToken.None);
        var move = Assert.Single(await MovesOfAsync(full.Manifest.Id));
        Assert.Equal(("schedule", "cold", "pool1", rule.Id), (move.CreatedBy, move.RestoreTarget, move.Pool, move.RuleId));

        var settled = await SettledAsync(move.Id);
        Assert.Equal(TaskState.Done, settled.State);
        Assert.Equal("cold", (await Catalog.FindArchiveAsync(full.Manifest.Id, CancellationToken.None))!.Pool);
        await scheduler.TickAsync(CancellationToken.None);
        Assert.Single(await MovesOfAsync(full.Manifest.Id));
    }

    [Fact]
    public async Task PoolGcScheduler_AtOccurrenceWhileBackupSessionOpen_KeepsItsChunksAndRunsOnce()
    {
        var (client, rule) = await ClientWithRuleAsync();
        var disk = ClientRuns.Disk(22, 8);
        await RunNowAsync(rule.Id);
        var assignment = (await client.NextAsync(10))!;
        await client.StartAsync(assignment.Task.Id);
        using var http = new HttpPoolDevice(new Uri(assignment.PoolUrl), client.Token);
        var gated = new CommitGate(http);
        var repository = await BackupRepository.OpenAsync(gated);
        var backup = Task.Run(() => new BackupWriter(repository).WriteAsync(new BackupRequest
        {
            SourceType = assignment.Task.ResourceType!,
            Resource = assignment.Task.Resource!,
            Type = ArchiveType.Full,
            Disks = [new MemoryDiskSource("disk0", disk)],
            Parallelism = 2,
        }));
        await gated.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var gc = Server.Host.Services.GetRequiredService<PoolGcScheduler>();
        Assert.Empty(await gc.TickAsync(CancellationToken.None)); // 03:30 has not come yet

        _time.Advance(TimeSpan.FromSeconds(20));
        await gc.TickAsync(CancellationToken.None);
        var pool = (await Catalog.FindPoolAsync("pool1", CancellationToken.None))!;
        Assert.NotNull(pool.LastGcAt);
        Assert.Empty(await gc.TickAsync(CancellationToken.None)); // one run per missed period, not one per tick
        gated.Release.SetResult();
        var result = await backup;
        await client.FinishAsync(assignment.Task.Id);

        var verify = await Http.PostAsync<TaskInfo>(Admin, $"{ApiRoutes.Archives}/{result.Manifest.Id}/verify");
        Assert.Equal(TaskState.Done, (await SettledAsync(verify.Id)).State);
        await Http.PostAsync<TaskInfo>(Admin, $"{ApiRoutes.Archives}/{result.Manifest.Id}/restore", new RestoreRequest(RestoreMode.Folder, "/restore"));
        Assert.Equal(disk, await ClientRuns.RestoreAsync(client, Path.Combine(Server.Root, "restored")));
        Assert.Equal(pool.LastGcAt, (await Http.GetAsync<PoolInfo[]>(Admin, ApiRoutes.Pools)).Single(p => p.Name == "pool1").LastGcAt);
    }

    [Fact]
    public async Task PoolGc_Manual_ReportsWhatItRemovedAndRecordsTheRun()
    {
        await CreatePoolAsync("pool1");

        var report = await Http.PostAsync<PoolGcReport>(Admin, ApiRoutes.PoolGc("pool1"));

        Assert.Equal(("pool1", 0L, 0L), (report.Pool, report.ChunksKept, report.ChunksRemoved));
        Assert.Equal(_time.GetUtcNow(), (await Catalog.FindPoolAsync("pool1", CancellationToken.None))!.LastGcAt);
        await Http.ExpectAsync(System.Net.HttpStatusCode.NotFound, Admin, HttpMethod.Post, ApiRoutes.PoolGc("nowhere"));
    }

    private async Task<List<TaskInfo>> MovesOfAsync(string archiveId) =>
        [.. (await Catalog.ListTasksAsync(new TaskQuery(ArchiveId: archiveId), CancellationToken.None)).Where(t => t.Kind == TaskKind.Move)];

    /// <summary>Polls the catalog (tokens may have expired on the fake clock).</summary>
    private async Task<TaskInfo> SettledAsync(long taskId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var task = (await Catalog.FindTaskAsync(taskId, CancellationToken.None))!;
            if (task.State is TaskState.Done or TaskState.Error or TaskState.Cancelled || DateTime.UtcNow > deadline)
            {
                return task;
            }
            await Task.Delay(50);
        }
    }

    /// <summary>Holds a backup at its commit: its chunks are uploaded, its manifest not yet written.</summary>
    private sealed class CommitGate(IPoolDevice inner) : ForwardingDevice(inner)
    {
        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override IWriteSession WrapSession(IWriteSession session) => new Session(this, session);

        private sealed class Session(CommitGate gate, IWriteSession session) : ForwardingSession(session)
        {
            public override async Task CommitAsync(ReadOnlyMemory<byte> manifest, CancellationToken cancellationToken)
            {
                gate.Reached.TrySetResult();
                await gate.Release.Task.ConfigureAwait(false);
                await base.CommitAsync(manifest, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

public sealed class SqliteScheduledMoveAndGcTests() : ScheduledMoveAndGcTests(CatalogBackend.Sqlite);

public sealed class PostgresScheduledMoveAndGcTests() : ScheduledMoveAndGcTests(CatalogBackend.PostgreSql);
