using RuBackup.Api;
using RuBackup.Server.Hosting;
using RuBackup.Server.Tests.Support;

namespace RuBackup.Server.Tests;

/// <summary>What a restart finds and settles: interrupted tasks, half-committed archives, leftovers of interrupted writes.</summary>
public abstract class RecoveryTests(string provider) : ServerTestBase(provider)
{
    [Fact]
    public async Task Restart_WithExecutingTaskAndCommittingRow_ErrorsRetriesAndEndsConsistent()
    {
        var (client, rule) = await ClientWithRuleAsync();
        var disk = ClientRuns.Disk(8, 6);
        await RunNowAsync(rule.Id);
        var (_, done) = await ClientRuns.BackupAsync(client, disk);
        var task = await RunNowAsync(rule.Id, "incremental");
        var assignment = await client.NextAsync(5);
        await client.StartAsync(task.Id);
        var pool = (await Http.GetAsync<PoolInfo[]>(Admin, ApiRoutes.Pools)).Single();
        await Server.StopAsync();

        // What a crash in the middle of a commit leaves: a row "committing" without a manifest, and a
        // temporary file of the interrupted write.
        await using (var catalog = await Server.OpenCatalogAsync())
        {
            await catalog.CreateArchiveAsync(new ArchiveInfo
            {
                Id = "20300101T000000Z-halfwritten",
                ClientId = client.Id,
                ClientName = client.Name,
                Pool = pool.Name,
                ResourceType = "rustack",
                Resource = "vm-1",
                Type = BackupKind.Incremental,
                Base = done.Manifest.Id,
                Created = DateTimeOffset.UtcNow,
                Status = "committing",
            }, CancellationToken.None);
        }
        var leftover = Path.Combine(pool.Path, "manifests", "20300101T000000Z-halfwritten.manifest.tmp.abc123");
        await File.WriteAllTextAsync(leftover, "partial");
        File.SetLastWriteTimeUtc(leftover, DateTime.UtcNow.AddMinutes(-1));

        await Server.StartHostAsync();
        Assert.Equal(new RecoveryReport(1, 1, 0, 1, 1), Server.Host.Recovery);
        var interrupted = await Http.GetAsync<TaskInfo>(Admin, $"{ApiRoutes.Tasks}/{task.Id}");
        Assert.Equal((TaskState.Error, StartupRecovery.Interrupted), (interrupted.State, interrupted.Error));
        var retry = (await Http.GetAsync<TaskInfo[]>(Admin, ApiRoutes.Tasks + "?state=new")).Single();
        Assert.Equal((TaskKind.Backup, 2, rule.Id, client.Id, BackupKind.Incremental), (retry.Kind, retry.Attempt, retry.RuleId, retry.ClientId, retry.BackupType));
        Assert.False(File.Exists(leftover));
        await Http.ExpectAsync(System.Net.HttpStatusCode.NotFound, Admin, HttpMethod.Get, $"{ApiRoutes.Archives}/20300101T000000Z-halfwritten");
        Assert.Equal(new CheckReport(true, 1, 1, []), await Http.GetAsync<CheckReport>(Admin, ApiRoutes.Check) with { Problems = [] });

        // The old task's pool is closed; the retry runs to the end.
        using var device = new RuBackup.Repository.Remote.HttpPoolDevice(new Uri(Server.BaseAddress, ApiRoutes.TaskPool(assignment!.Task.Id)), client.Token);
        await Assert.ThrowsAnyAsync<RuBackup.Repository.RepositoryException>(() => device.ListManifestsAsync(CancellationToken.None));
        disk[0] ^= 1;
        var (finished, _) = await ClientRuns.BackupAsync(client, disk, RuBackup.Repository.Format.ArchiveType.Incremental);
        Assert.Equal((retry.Id, TaskState.Done), (finished.Id, finished.State));
        Assert.True((await Http.GetAsync<CheckReport>(Admin, ApiRoutes.Check)).Consistent);
    }

    [Fact]
    public async Task Restart_CommittingRowWhoseManifestLanded_BecomesOk()
    {
        var (client, rule) = await ClientWithRuleAsync();
        await RunNowAsync(rule.Id);
        var (_, done) = await ClientRuns.BackupAsync(client, ClientRuns.Disk(9, 4));
        await Server.StopAsync();
        await using (var catalog = await Server.OpenCatalogAsync())
        {
            await catalog.SetArchiveStatusAsync(done.Manifest.Id, "committing", CancellationToken.None);
        }
        await Server.StartHostAsync();
        Assert.Equal(1, Server.Host.Recovery.ArchivesSettled);
        Assert.Equal("ok", (await Http.GetAsync<ArchiveInfo>(Admin, $"{ApiRoutes.Archives}/{done.Manifest.Id}")).Status);
    }

    [Fact]
    public async Task Restart_ThirdAttemptInterrupted_IsNotRetriedAgain()
    {
        var (client, rule) = await ClientWithRuleAsync();
        await using (var catalog = await Server.OpenCatalogAsync())
        {
            await catalog.CreateTaskAsync(new TaskInfo
            {
                Id = 0, Kind = TaskKind.Backup, State = TaskState.New, RuleId = rule.Id, ClientId = client.Id, ClientName = client.Name,
                Pool = "pool1", ResourceType = "rustack", Resource = "vm-1", BackupType = BackupKind.Full, Attempt = 3, Created = DateTimeOffset.UtcNow,
            }, CancellationToken.None);
        }
        var assignment = await client.NextAsync(5);
        Assert.Equal(3, assignment!.Task.Attempt);
        await Server.RestartAsync();
        Assert.Equal((1, 0), (Server.Host.Recovery.TasksInterrupted, Server.Host.Recovery.TasksRetried));
        Assert.Empty(await Http.GetAsync<TaskInfo[]>(Admin, ApiRoutes.Tasks + "?state=new"));
    }

    [Fact]
    public async Task Check_ManifestWithoutRowAndRowWithoutManifest_AreReported()
    {
        var (client, rule) = await ClientWithRuleAsync();
        await RunNowAsync(rule.Id);
        var (_, first) = await ClientRuns.BackupAsync(client, ClientRuns.Disk(10, 4));
        await RunNowAsync(rule.Id);
        var (_, second) = await ClientRuns.BackupAsync(client, ClientRuns.Disk(11, 4));
        var pool = (await Http.GetAsync<PoolInfo[]>(Admin, ApiRoutes.Pools)).Single();
        File.Delete(Path.Combine(pool.Path, "manifests", first.Manifest.Id + ".manifest"));
        await using (var catalog = await Server.OpenCatalogAsync())
        {
            await catalog.DeleteArchiveAsync(second.Manifest.Id, CancellationToken.None);
        }
        var report = await Http.GetAsync<CheckReport>(Admin, ApiRoutes.Check);
        Assert.False(report.Consistent);
        Assert.Equal((1, 1), (report.Archives, report.Manifests));
        Assert.Contains(report.Problems, p => p.Contains(first.Manifest.Id, StringComparison.Ordinal) && p.Contains("missing", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.Contains(second.Manifest.Id, StringComparison.Ordinal) && p.Contains("no catalog entry", StringComparison.Ordinal));
    }
}

public sealed class SqliteRecoveryTests() : RecoveryTests(CatalogBackend.Sqlite);

public sealed class PostgresRecoveryTests() : RecoveryTests(CatalogBackend.PostgreSql);
