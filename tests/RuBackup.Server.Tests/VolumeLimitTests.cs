using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Server.Schedule;
using RuBackup.Server.Tests.Support;

namespace RuBackup.Server.Tests;

public abstract class VolumeLimitTests(string provider) : ServerTestBase(provider)
{
    [Fact]
    public async Task RunNow_ArchivesAlreadyHoldLimit_TaskEndsInErrorNamingBytesAndLimit()
    {
        var (client, rule) = await ClientWithRuleAsync();
        using var _ = client;
        await RunNowAsync(rule.Id);
        var (done, _) = await ClientRuns.BackupAsync(client, ClientRuns.Disk(3, 6));
        var held = (await Http.GetAsync<ArchiveInfo>(Admin, $"{ApiRoutes.Archives}/{done.ArchiveId}")).StoredBytes;
        await Http.SendAsync(Admin, HttpMethod.Put, $"{ApiRoutes.Rules}/{rule.Id}", rule.Settings with { MaxVolumeGb = (double)held / VolumeLimit.BytesPerGb });

        var task = await RunNowAsync(rule.Id);

        Assert.Equal(TaskState.Error, task.State);
        Assert.Contains($"rule {rule.Id} ({rule.Settings.Name}) would exceed its maximum volume: its archives hold {held} bytes", task.Error, StringComparison.Ordinal);
        Assert.Null(await client.NextAsync(0));
    }

    [Fact]
    public async Task PoolWrite_SessionPassesLimit_ChunksRefusedAndNothingCommitted()
    {
        var (client, rule) = await ClientWithRuleAsync();
        using var _ = client;
        await Http.SendAsync(Admin, HttpMethod.Put, $"{ApiRoutes.Rules}/{rule.Id}", rule.Settings with { MaxVolumeGb = 100_000.0 / VolumeLimit.BytesPerGb });
        await RunNowAsync(rule.Id);
        var assignment = (await client.NextAsync())!;
        await client.StartAsync(assignment.Task.Id);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => ClientRuns.WriteAsync(client, assignment, ClientRuns.Disk(3, 6)));
        Assert.Contains("would exceed its maximum volume", error.Message, StringComparison.Ordinal);
        var finished = await client.FinishAsync(assignment.Task.Id, error.Message);

        Assert.Equal(TaskState.Error, finished.State);
        Assert.Contains($"rule {rule.Id} ({rule.Settings.Name}) would exceed its maximum volume", finished.Error, StringComparison.Ordinal);
        Assert.Empty(await Http.GetAsync<ArchiveInfo[]>(Admin, ApiRoutes.Archives));
    }

    [Fact]
    public async Task PoolWrite_UnderLimit_Commits()
    {
        var (client, rule) = await ClientWithRuleAsync();
        using var _ = client;
        await Http.SendAsync(Admin, HttpMethod.Put, $"{ApiRoutes.Rules}/{rule.Id}", rule.Settings with { MaxVolumeGb = 0.01 });
        await RunNowAsync(rule.Id);
        var (done, _) = await ClientRuns.BackupAsync(client, ClientRuns.Disk(3, 6));
        Assert.Equal(TaskState.Done, done.State);
    }
}

public sealed class SqliteVolumeLimitTests() : VolumeLimitTests(CatalogBackend.Sqlite);

public sealed class PostgresVolumeLimitTests() : VolumeLimitTests(CatalogBackend.PostgreSql);
