using System.Net;
using RuBackup.Api;
using RuBackup.Repository;
using RuBackup.Repository.Engine;
using RuBackup.Repository.Format;
using RuBackup.Repository.Remote;
using RuBackup.Server.Tests.Support;

namespace RuBackup.Server.Tests;

/// <summary>Backups and restores through the server's pool protocol, as the client daemon runs them.</summary>
public abstract class PoolProtocolTests(string provider) : ServerTestBase(provider)
{
    [Fact]
    public async Task Backup_ThroughServer_LandsArchiveRowWithStatsAndChain()
    {
        var (client, rule) = await ClientWithRuleAsync();
        var disk = ClientRuns.Disk(1, 16);
        var task = await RunNowAsync(rule.Id);
        var (finished, result) = await ClientRuns.BackupAsync(client, disk);
        Assert.Equal((TaskState.Done, result.Manifest.Id), (finished.State, finished.ArchiveId));

        var archive = await Http.GetAsync<ArchiveInfo>(Admin, $"{ApiRoutes.Archives}/{result.Manifest.Id}");
        Assert.Equal(("ok", client.Id, "client1", "pool1", "rustack", "vm-1", BackupKind.Full, rule.Id, "nocrypt"),
            (archive.Status, archive.ClientId, archive.ClientName, archive.Pool, archive.ResourceType, archive.Resource, archive.Type, archive.RuleId, archive.Encryption));
        Assert.Equal(disk.Length, archive.SourceBytes);
        Assert.InRange(archive.StoredBytes, 15 * 64 * 1024, 16 * 64 * 1024 + 4096); // random data does not compress
        Assert.Equal([archive.Id], archive.Chain);
        Assert.Equal(archive.Created.AddDays(30), archive.KeepUntil);
        var log = await Http.GetAsync<TaskLogLine[]>(Admin, $"{ApiRoutes.Tasks}/{task.Id}/log");
        Assert.Contains(log, l => l.Message.Contains("received 15 of 15 chunks", StringComparison.Ordinal));

        disk[3 * 64 * 1024] ^= 0xFF;
        await RunNowAsync(rule.Id, "incremental");
        var (_, incremental) = await ClientRuns.BackupAsync(client, disk, ArchiveType.Incremental);
        var second = await Http.GetAsync<ArchiveInfo>(Admin, $"{ApiRoutes.Archives}/{incremental.Manifest.Id}");
        Assert.Equal((BackupKind.Incremental, archive.Id), (second.Type, second.Base));
        Assert.Equal([archive.Id, second.Id], second.Chain);
        Assert.InRange(second.StoredBytes, 1, 64 * 1024 + 4096);
        Assert.Equal([second.Id, archive.Id], (await Http.GetAsync<ArchiveInfo[]>(client.Http, ApiRoutes.ClientArchives)).Select(a => a.Id));
        Assert.True((await Http.GetAsync<CheckReport>(Admin, ApiRoutes.Check)) is { Consistent: true, Archives: 2, Manifests: 2 });
    }

    [Fact]
    public async Task Backup_DedupPoolSameContentFromAnotherClient_SendsNoChunks()
    {
        var (first, firstRule) = await ClientWithRuleAsync("client1", resource: "vm-1");
        var (second, secondRule) = await ClientWithRuleAsync("client2", resource: "vm-2");
        var disk = ClientRuns.Disk(7, 12);
        await RunNowAsync(firstRule.Id);
        await ClientRuns.BackupAsync(first, disk);
        var task = await RunNowAsync(secondRule.Id);
        var (_, result) = await ClientRuns.BackupAsync(second, disk);
        var archive = await Http.GetAsync<ArchiveInfo>(Admin, $"{ApiRoutes.Archives}/{result.Manifest.Id}");
        Assert.Equal(0, archive.StoredBytes);
        var log = await Http.GetAsync<TaskLogLine[]>(Admin, $"{ApiRoutes.Tasks}/{task.Id}/log");
        Assert.Contains(log, l => l.Message.Contains("received 0 of 11 chunks, 0 bytes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OtherClient_CannotListReadOrRestoreAnothersArchives()
    {
        var (first, firstRule) = await ClientWithRuleAsync("client1", resource: "vm-1");
        var (second, secondRule) = await ClientWithRuleAsync("client2", resource: "vm-2");
        await RunNowAsync(firstRule.Id);
        var (_, mine) = await ClientRuns.BackupAsync(first, ClientRuns.Disk(1, 4));
        var foreignId = mine.Manifest.Id;

        Assert.Empty(await Http.GetAsync<ArchiveInfo[]>(second.Http, ApiRoutes.ClientArchives));
        var error = await Http.ExpectAsync(HttpStatusCode.Forbidden, second.Http, HttpMethod.Post, $"{ApiRoutes.ClientArchives}/{foreignId}/restore", new RestoreRequest(RestoreMode.Deploy));
        Assert.Contains("another client", error!.Error, StringComparison.Ordinal);

        // Through its own backup task's pool the other client sees none of the first client's manifests.
        await RunNowAsync(secondRule.Id);
        var assignment = await second.NextAsync(5);
        await second.StartAsync(assignment!.Task.Id);
        using var device = new HttpPoolDevice(new Uri(assignment.PoolUrl), second.Token);
        Assert.Empty(await device.ListManifestsAsync(CancellationToken.None));
        await Assert.ThrowsAnyAsync<RepositoryException>(() => device.GetManifestAsync(foreignId, CancellationToken.None));
        // Nor can it use the first client's task pool.
        using var foreignPool = new HttpPoolDevice(new Uri(Server.BaseAddress, ApiRoutes.TaskPool(1)), second.Token);
        var refused = await Assert.ThrowsAnyAsync<RepositoryException>(() => foreignPool.ListManifestsAsync(CancellationToken.None));
        Assert.Contains("no task 1 of this client", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_ThroughServer_IsReadOnlyAndGivesEqualBytes()
    {
        var (client, rule) = await ClientWithRuleAsync();
        var disk = ClientRuns.Disk(3, 10);
        await RunNowAsync(rule.Id);
        var (_, full) = await ClientRuns.BackupAsync(client, disk);
        disk[5] ^= 1;
        await RunNowAsync(rule.Id, "incremental");
        var (_, incremental) = await ClientRuns.BackupAsync(client, disk, ArchiveType.Incremental);

        var task = await Http.PostAsync<TaskInfo>(Admin, $"{ApiRoutes.Archives}/{incremental.Manifest.Id}/restore", new RestoreRequest(RestoreMode.Folder, "/restore/here"));
        Assert.Equal((TaskKind.Restore, RestoreMode.Folder, "/restore/here", incremental.Manifest.Id, client.Id), (task.Kind, task.RestoreMode, task.RestoreTarget, task.ArchiveId, task.ClientId));
        var assignment = await client.NextAsync(5);
        await client.StartAsync(assignment!.Task.Id);
        using var device = new HttpPoolDevice(new Uri(assignment.PoolUrl), client.Token);
        Assert.Equal(new[] { full.Manifest.Id, incremental.Manifest.Id }.Order(), (await device.ListManifestsAsync(CancellationToken.None)).Order());
        await Assert.ThrowsAnyAsync<Exception>(() => device.BeginWriteAsync("sneaky", CancellationToken.None));
        var folder = Path.Combine(Server.Root, "restored");
        var repository = await BackupRepository.OpenAsync(device);
        await new RestoreReader(repository).RestoreToFolderAsync(incremental.Manifest.Id, folder, null);
        Assert.Equal(disk, await File.ReadAllBytesAsync(Path.Combine(folder, "disk0.raw")));
        Assert.Equal(TaskState.Done, (await client.FinishAsync(assignment.Task.Id)).State);
        var after = await Assert.ThrowsAnyAsync<RepositoryException>(() => device.ListManifestsAsync(CancellationToken.None));
        Assert.Contains("executes", after.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_ClientDisabledCentralizedRestore_RefusedButClientMayRestoreItself()
    {
        var (client, rule) = await ClientWithRuleAsync(centralizedRestore: false);
        await RunNowAsync(rule.Id);
        var (_, result) = await ClientRuns.BackupAsync(client, ClientRuns.Disk(2, 4));
        var error = await Http.ExpectAsync(HttpStatusCode.Conflict, Admin, HttpMethod.Post, $"{ApiRoutes.Archives}/{result.Manifest.Id}/restore", new RestoreRequest(RestoreMode.Deploy));
        Assert.Contains("client client1 has disabled centralized restore", error!.Error, StringComparison.Ordinal);
        var own = await Http.PostAsync<TaskInfo>(client.Http, $"{ApiRoutes.ClientArchives}/{result.Manifest.Id}/restore", new RestoreRequest(RestoreMode.Deploy));
        Assert.Equal(("client:client1", RestoreMode.Deploy), (own.CreatedBy, own.RestoreMode));
        Assert.Equal(ClientRuns.Disk(2, 4), await ClientRuns.RestoreAsync(client, Path.Combine(Server.Root, "own")));
    }

    [Fact]
    public async Task Restore_OnAnotherClient_OnlyAdministrators_FolderNeedsTarget()
    {
        var (client, rule) = await ClientWithRuleAsync();
        using var other = await FakeClient.AuthorizedAsync(Server, "client2");
        await RunNowAsync(rule.Id);
        var (_, result) = await ClientRuns.BackupAsync(client, ClientRuns.Disk(4, 4));
        var path = $"{ApiRoutes.Archives}/{result.Manifest.Id}/restore";
        var oper = await Server.UserAsync(UserRole.Operator);
        await Http.ExpectAsync(HttpStatusCode.Forbidden, oper, HttpMethod.Post, path, new RestoreRequest(RestoreMode.Deploy, TargetClient: "client2"));
        Assert.Equal(client.Id, (await Http.PostAsync<TaskInfo>(oper, path, new RestoreRequest(RestoreMode.Deploy))).ClientId);
        var error = await Http.ExpectAsync(HttpStatusCode.BadRequest, Admin, HttpMethod.Post, path, new RestoreRequest(RestoreMode.Folder));
        Assert.Equal("target", error!.Field);
        var onOther = await Http.PostAsync<TaskInfo>(Admin, path, new RestoreRequest(RestoreMode.Folder, "/srv/x", "client2"));
        Assert.Equal(other.Id, onOther.ClientId);
        await Http.ExpectAsync(HttpStatusCode.NotFound, Admin, HttpMethod.Post, $"{ApiRoutes.Archives}/nosuch/restore", new RestoreRequest(RestoreMode.Deploy));
    }

    [Fact]
    public async Task PoolAccess_RevokedMidTask_Answers403()
    {
        var (client, rule) = await ClientWithRuleAsync();
        await RunNowAsync(rule.Id);
        var assignment = await client.NextAsync(5);
        await client.StartAsync(assignment!.Task.Id);
        using var device = new HttpPoolDevice(new Uri(assignment.PoolUrl), client.Token);
        Assert.NotNull(await device.ReadConfigAsync(CancellationToken.None));
        await Http.PostAsync<ClientInfo>(Admin, $"{ApiRoutes.Clients}/{client.Id}/revoke");
        var refused = await Assert.ThrowsAnyAsync<RepositoryException>(() => device.ReadConfigAsync(CancellationToken.None));
        Assert.Contains("client client1 is not authorized", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_DuringWrite_CommitRefusedAndNothingLands()
    {
        var (client, rule) = await ClientWithRuleAsync();
        var task = await RunNowAsync(rule.Id);
        var assignment = await client.NextAsync(5);
        await client.StartAsync(task.Id);
        using var device = new HttpPoolDevice(new Uri(assignment!.PoolUrl), client.Token);
        await using var session = await device.BeginWriteAsync("20300101T000000Z-cancelled", CancellationToken.None);
        await Http.PostAsync<TaskInfo>(Admin, $"{ApiRoutes.Tasks}/{task.Id}/cancel");
        var refused = await Assert.ThrowsAnyAsync<RepositoryException>(() => session.CommitAsync(new byte[64], CancellationToken.None));
        Assert.Contains("cancelled", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await Http.GetAsync<ArchiveInfo[]>(Admin, ApiRoutes.Archives));
        var pool = (await Http.GetAsync<PoolInfo[]>(Admin, ApiRoutes.Pools)).Single();
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(pool.Path, "manifests")));
    }

    [Fact]
    public async Task Verify_CleanArchiveDone_CorruptedChunkMarksDamaged()
    {
        var (client, rule) = await ClientWithRuleAsync();
        await RunNowAsync(rule.Id);
        var (_, result) = await ClientRuns.BackupAsync(client, ClientRuns.Disk(5, 6));
        var id = result.Manifest.Id;
        var verify = await Http.PostAsync<TaskInfo>(Admin, $"{ApiRoutes.Archives}/{id}/verify");
        Assert.Equal(TaskState.Done, (await ClientRuns.SettledAsync(Admin, verify.Id)).State);

        var pool = (await Http.GetAsync<PoolInfo[]>(Admin, ApiRoutes.Pools)).Single();
        var chunk = Directory.EnumerateFiles(Path.Combine(pool.Path, "chunks"), "*", SearchOption.AllDirectories).First();
        var bytes = await File.ReadAllBytesAsync(chunk);
        bytes[^10] ^= 0x55;
        await File.WriteAllBytesAsync(chunk, bytes);
        verify = await Http.PostAsync<TaskInfo>(Admin, $"{ApiRoutes.Archives}/{id}/verify");
        var settled = await ClientRuns.SettledAsync(Admin, verify.Id);
        Assert.Equal(TaskState.Error, settled.State);
        Assert.Contains("damaged", settled.Error, StringComparison.Ordinal);
        Assert.Equal("damaged", (await Http.GetAsync<ArchiveInfo>(Admin, $"{ApiRoutes.Archives}/{id}")).Status);
        await Http.ExpectAsync(HttpStatusCode.Conflict, Admin, HttpMethod.Post, $"{ApiRoutes.Archives}/{id}/restore", new RestoreRequest(RestoreMode.Deploy));
    }

    [Fact]
    public async Task Delete_RefusedWhileBase_ThenNewestFirstLeavesPoolConsistent()
    {
        var (client, rule) = await ClientWithRuleAsync();
        var disk = ClientRuns.Disk(6, 6);
        await RunNowAsync(rule.Id);
        var (_, full) = await ClientRuns.BackupAsync(client, disk);
        disk[0] ^= 1;
        await RunNowAsync(rule.Id, "incremental");
        var (_, incremental) = await ClientRuns.BackupAsync(client, disk, ArchiveType.Incremental);

        var error = await Http.ExpectAsync(HttpStatusCode.Conflict, Admin, HttpMethod.Delete, $"{ApiRoutes.Archives}/{full.Manifest.Id}");
        Assert.Contains(incremental.Manifest.Id, error!.Error, StringComparison.Ordinal);
        await Http.ExpectAsync(HttpStatusCode.Conflict, Admin, HttpMethod.Delete, ApiRoutes.Pools + "/pool1");
        var restore = await Http.PostAsync<TaskInfo>(Admin, $"{ApiRoutes.Archives}/{incremental.Manifest.Id}/restore", new RestoreRequest(RestoreMode.Deploy));
        error = await Http.ExpectAsync(HttpStatusCode.Conflict, Admin, HttpMethod.Delete, $"{ApiRoutes.Archives}/{incremental.Manifest.Id}");
        Assert.Contains($"being restored by task {restore.Id}", error!.Error, StringComparison.Ordinal);
        await Http.PostAsync<TaskInfo>(Admin, $"{ApiRoutes.Tasks}/{restore.Id}/cancel");
        foreach (var id in new[] { incremental.Manifest.Id, full.Manifest.Id })
        {
            var response = await Http.SendAsync(Admin, HttpMethod.Delete, $"{ApiRoutes.Archives}/{id}");
            await Http.EnsureAsync(response);
            var task = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<TaskInfo>(response.Content);
            Assert.Equal(TaskState.Done, (await ClientRuns.SettledAsync(Admin, task!.Id)).State);
            await Http.ExpectAsync(HttpStatusCode.NotFound, Admin, HttpMethod.Get, $"{ApiRoutes.Archives}/{id}");
        }
        var pool = (await Http.GetAsync<PoolInfo[]>(Admin, ApiRoutes.Pools)).Single();
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(pool.Path, "manifests")));
        Assert.True((await Http.GetAsync<CheckReport>(Admin, ApiRoutes.Check)).Consistent);
    }
}

public sealed class SqlitePoolProtocolTests() : PoolProtocolTests(CatalogBackend.Sqlite);

public sealed class PostgresPoolProtocolTests() : PoolProtocolTests(CatalogBackend.PostgreSql);
