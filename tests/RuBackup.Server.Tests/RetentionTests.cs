using Microsoft.Extensions.Time.Testing;
using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Server.Tests.Support;

namespace RuBackup.Server.Tests;

/// <summary>
/// Retention over one chain: full f1, incremental i1 and i2 on it, differential d1 on f1, and a later
/// full f2, with 7 days' retention, so f1, i1, i2 have expired at the start and d1 a day later.
/// </summary>
public abstract class RetentionTests(string provider) : ServerTestBase(provider)
{
    private static readonly DateTimeOffset Start = new(2030, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);

    protected override TimeProvider? Time => _time;

    private async Task<RuleInfo> ChainAsync(ExpiryAction onExpiry)
    {
        using var client = await FakeClient.AuthorizedAsync(Server, "client1");
        await CreatePoolAsync();
        var rule = await CreateRuleAsync(Rule("client1") with { RetentionDays = 7, OnExpiry = onExpiry, EnableAfterCreation = false, Notify = ["ops@example.org"] });
        var catalog = Server.Catalog();
        foreach (var (id, type, baseId, daysAgo) in new[]
        {
            ("f1", BackupKind.Full, (string?)null, 9.5), ("i1", BackupKind.Incremental, "f1", 8.5), ("i2", BackupKind.Incremental, "i1", 7.5),
            ("d1", BackupKind.Differential, "f1", 6.5), ("f2", BackupKind.Full, null, 0.5),
        })
        {
            await catalog.CreateArchiveAsync(new ArchiveInfo
            {
                Id = id,
                ClientId = client.Id,
                ClientName = client.Name,
                Pool = "pool1",
                ResourceType = "rustack",
                Resource = "vm-1",
                Type = type,
                Base = baseId,
                Created = Start.AddDays(-daysAgo),
                StoredBytes = 1000,
                Status = "ok",
                RuleId = rule.Id,
            }, CancellationToken.None);
        }
        return rule;
    }

    private async Task<string[]> ArchivesAsync() =>
        [.. (await Server.Catalog().ListArchivesAsync(new ArchiveQuery(), CancellationToken.None)).Select(a => a.Id).Order(StringComparer.Ordinal)];

    private async Task<IReadOnlyList<TaskInfo>> DeleteTasksAsync() =>
        [.. (await Server.Catalog().ListTasksAsync(new TaskQuery(Limit: 1000), CancellationToken.None)).Where(t => t.Kind == TaskKind.Delete).OrderBy(t => t.Id)];

    [Fact]
    public async Task Tick_DeleteRule_DeletesExactlyExpiredArchivesNothingKeptNeeds()
    {
        await ChainAsync(ExpiryAction.Delete);

        await Server.TickAsync();
        await Server.ServerTasksSettledAsync();
        Assert.Equal(["d1", "f1", "f2"], await ArchivesAsync());
        var deletes = await DeleteTasksAsync();
        Assert.Equal(["i2", "i1"], deletes.Select(t => t.ArchiveId));
        Assert.All(deletes, t => Assert.Equal((TaskState.Done, "schedule"), (t.State, t.CreatedBy)));
        var kept = Assert.Single(await Server.AuditAsync("archive.keep"));
        Assert.Equal(("archive f1", "expired, kept: base of kept archive d1"), (kept.Target, kept.Details));

        _time.Advance(TimeSpan.FromMinutes(5));
        await Server.TickAsync();
        Assert.Single(await Server.AuditAsync("archive.keep"));
        Assert.Equal(2, (await DeleteTasksAsync()).Count);

        _time.Advance(TimeSpan.FromDays(1));
        await Server.TickAsync();
        await Server.ServerTasksSettledAsync();
        Assert.Equal(["f2"], await ArchivesAsync());
        deletes = await DeleteTasksAsync();
        Assert.Equal(["i2", "i1", "d1", "f1"], deletes.Select(t => t.ArchiveId));
        Assert.All(deletes, t => Assert.Equal(TaskState.Done, t.State));
        Assert.Equal(4, (await Server.AuditAsync("archive.expire")).Count);
    }

    /// <summary>The archives named by the outbox's expiry messages (one address, so one message each); read from the catalog because the fake days outlive the admin's token.</summary>
    private async Task<string[]> ExpiryNoticesAsync() =>
        [.. (await Server.Catalog().ListNotificationsAsync(new NotificationQuery(), CancellationToken.None))
            .Where(n => n.Event == NotifyEvent.Expiry).Select(n => n.ArchiveId!).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Tick_NotifyRule_DeletesNothingAndNotifiesEachExpiredArchiveOnce()
    {
        await ChainAsync(ExpiryAction.Notify);

        await Server.TickAsync();
        _time.Advance(TimeSpan.FromMinutes(5));
        await Server.TickAsync();
        Assert.Empty(await DeleteTasksAsync());
        Assert.Equal(["d1", "f1", "f2", "i1", "i2"], await ArchivesAsync());
        Assert.Equal(["archive f1", "archive i1", "archive i2"], (await Server.AuditAsync("archive.expiry.notify")).Select(e => e.Target).Order(StringComparer.Ordinal));
        Assert.Equal(["f1", "i1", "i2"], await ExpiryNoticesAsync());

        _time.Advance(TimeSpan.FromDays(1));
        await Server.TickAsync();
        Assert.Empty(await DeleteTasksAsync());
        Assert.Equal(5, (await ArchivesAsync()).Length);
        Assert.Equal(4, (await Server.AuditAsync("archive.expiry.notify")).Count);
        Assert.Equal(["d1", "f1", "i1", "i2"], await ExpiryNoticesAsync());
        Assert.Contains(Server.Log.Lines, l => l.Contains("archive d1 of rule rule1", StringComparison.Ordinal));
    }
}

public sealed class SqliteRetentionTests() : RetentionTests(CatalogBackend.Sqlite);

public sealed class PostgresRetentionTests() : RetentionTests(CatalogBackend.PostgreSql);
