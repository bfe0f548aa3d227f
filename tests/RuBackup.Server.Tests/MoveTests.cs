using Microsoft.Extensions.DependencyInjection;
using RuBackup.Api;
using RuBackup.Repository.Format;
using RuBackup.Repository.Storage;
using RuBackup.Server.Moves;
using RuBackup.Server.Tests.Support;

namespace RuBackup.Server.Tests;

/// <summary>
/// Acceptance 5: a move to another pool, then a restore from it, gives the same bytes; the source
/// copy is gone only after the target verified.
/// </summary>
public abstract class MoveTests(string provider) : ServerTestBase(provider)
{
    [Fact]
    public async Task Move_DedupToPlainAndPlainToDedup_RestoresSameBytesAndSourceIsGone()
    {
        var (client, rule) = await ClientWithRuleAsync();
        await CreatePoolAsync("plain", PoolKind.Plain);
        await CreatePoolAsync("dedup2", PoolKind.Dedup);
        var disk = ClientRuns.Disk(11, 8);
        await RunNowAsync(rule.Id);
        var (_, full) = await ClientRuns.BackupAsync(client, disk);
        disk[3] ^= 1;
        await RunNowAsync(rule.Id, "incremental");
        var (_, incremental) = await ClientRuns.BackupAsync(client, disk, ArchiveType.Incremental);
        string[] family = [full.Manifest.Id, incremental.Manifest.Id];

        // Naming the incremental moves its whole family, starting from the full.
        var first = await MoveAsync(incremental.Manifest.Id, "plain");
        Assert.Equal((TaskState.Done, full.Manifest.Id), (first.State, first.ArchiveId));
        await AssertInPoolAsync(family, "plain", "pool1");
        Assert.Equal(disk, await RestoreAsync(client, incremental.Manifest.Id, "from-plain"));

        var second = await MoveAsync(full.Manifest.Id, "dedup2");
        Assert.Equal(TaskState.Done, second.State);
        await AssertInPoolAsync(family, "dedup2", "plain");
        Assert.Equal(disk, await RestoreAsync(client, incremental.Manifest.Id, "from-dedup"));
        Assert.Empty(Directory.GetFiles(Path.Combine(await PoolPathAsync("plain"), "packs")));
    }

    [Fact]
    public async Task Move_TargetFailsVerification_SourceAndCatalogKeptTargetCopiesRemoved()
    {
        await CreatePoolAsync("pool1", PoolKind.Plain);
        var (client, rule) = await ClientWithRuleAsync();
        await CreatePoolAsync("dedup2", PoolKind.Dedup);
        var disk = ClientRuns.Disk(12, 6);
        await RunNowAsync(rule.Id);
        var (_, full) = await ClientRuns.BackupAsync(client, disk);
        var targetPath = await PoolPathAsync("dedup2");
        Server.Host.Services.GetRequiredService<ArchiveMoveHooks>().AfterCopy = (pool, ids) =>
        {
            // Bit rot in the target between copy and verification.
            foreach (var file in Directory.GetFiles(Path.Combine(targetPath, "chunks"), "*", SearchOption.AllDirectories))
            {
                var bytes = File.ReadAllBytes(file);
                bytes[^1] ^= 0x40;
                File.WriteAllBytes(file, bytes);
            }
            return Task.CompletedTask;
        };

        var task = await MoveAsync(full.Manifest.Id, "dedup2");

        Assert.Equal(TaskState.Error, task.State);
        Assert.Contains("does not verify", task.Error, StringComparison.Ordinal);
        Assert.Contains("stay in pool pool1", task.Error, StringComparison.Ordinal);
        Assert.Equal("pool1", (await Http.GetAsync<ArchiveInfo>(Admin, $"{ApiRoutes.Archives}/{full.Manifest.Id}")).Pool);
        Assert.Equal([full.Manifest.Id], await ManifestsAsync("pool1"));
        Assert.Empty(await ManifestsAsync("dedup2"));
        Assert.Equal(disk, await RestoreAsync(client, full.Manifest.Id, "source-kept"));
    }

    [Fact]
    public async Task Move_DedupTargetHoldingMostChunks_SendsOnlyTheMissingOnes()
    {
        var (client, rule) = await ClientWithRuleAsync();
        var (other, otherRule) = await ClientWithRuleAsync("client2", "dedup2", "vm-2");
        var disk = ClientRuns.Disk(13, 8);
        var similar = (byte[])disk.Clone();
        similar[10] ^= 1; // the first chunk differs, the other six non-zero chunks are shared
        await RunNowAsync(otherRule.Id);
        await ClientRuns.BackupAsync(other, similar);
        await RunNowAsync(rule.Id);
        var (_, full) = await ClientRuns.BackupAsync(client, disk);

        var task = await MoveAsync(full.Manifest.Id, "dedup2");

        Assert.Equal(TaskState.Done, task.State);
        var log = await Http.GetAsync<TaskLogLine[]>(Admin, $"{ApiRoutes.Tasks}/{task.Id}/log");
        Assert.Contains(log, l => l.Message.StartsWith($"archive {full.Manifest.Id}: 1 chunk(s)", StringComparison.Ordinal) && l.Message.EndsWith("6 already present", StringComparison.Ordinal));
        Assert.Equal(disk, await RestoreAsync(client, full.Manifest.Id, "moved"));
    }

    [Fact]
    public async Task Move_RepeatedAfterCrashBeforeSwitch_VerifiesTheCopyInsteadOfCopyingAgain()
    {
        var (client, rule) = await ClientWithRuleAsync();
        await CreatePoolAsync("plain", PoolKind.Plain);
        var disk = ClientRuns.Disk(14, 5);
        await RunNowAsync(rule.Id);
        var (_, full) = await ClientRuns.BackupAsync(client, disk);
        // What a crash between copy and catalog switch leaves: the target holds the manifest, the catalog does not know.
        var source = await Repository.Engine.BackupRepository.OpenAsync(await PoolPathAsync("pool1"));
        var target = await Repository.Engine.BackupRepository.OpenAsync(await PoolPathAsync("plain"));
        await new Repository.Engine.ArchiveCopier(source, target).CopyAsync(full.Manifest.Id);
        var check = await Http.GetAsync<CheckReport>(Admin, ApiRoutes.Check);
        Assert.Contains(check.Problems, p => p.Contains($"manifest {full.Manifest.Id} has no catalog entry", StringComparison.Ordinal));

        var task = await MoveAsync(full.Manifest.Id, "plain");

        Assert.Equal(TaskState.Done, task.State);
        var log = await Http.GetAsync<TaskLogLine[]>(Admin, $"{ApiRoutes.Tasks}/{task.Id}/log");
        Assert.Contains(log, l => l.Message.Contains("already in pool plain", StringComparison.Ordinal));
        Assert.True((await Http.GetAsync<CheckReport>(Admin, ApiRoutes.Check)).Consistent);
        Assert.Equal(disk, await RestoreAsync(client, full.Manifest.Id, "moved"));
    }

    [Fact]
    public async Task Move_BadRequests_AnswerOneClearLine()
    {
        var (client, rule) = await ClientWithRuleAsync();
        await Http.PostAsync<PoolInfo>(Admin, ApiRoutes.Pools, new CreatePoolRequest("big", PoolKind.Plain, ChunkSize: 128 * 1024));
        await RunNowAsync(rule.Id);
        var (_, full) = await ClientRuns.BackupAsync(client, ClientRuns.Disk(15, 3));

        var noPool = await Http.ExpectAsync(System.Net.HttpStatusCode.BadRequest, Admin, HttpMethod.Post, ApiRoutes.ArchiveMove(full.Manifest.Id, "nowhere"));
        Assert.Equal(("pool", "no pool 'nowhere'"), (noPool!.Field, noPool.Error));
        var size = await Http.ExpectAsync(System.Net.HttpStatusCode.Conflict, Admin, HttpMethod.Post, ApiRoutes.ArchiveMove(full.Manifest.Id, "big"));
        Assert.Contains("same chunk size", size!.Error, StringComparison.Ordinal);
        await Http.ExpectAsync(System.Net.HttpStatusCode.NotFound, Admin, HttpMethod.Post, ApiRoutes.ArchiveMove("no-such", "big"));
    }

    private async Task<TaskInfo> MoveAsync(string archiveId, string pool)
    {
        var task = await Http.PostAsync<TaskInfo>(Admin, ApiRoutes.ArchiveMove(archiveId, pool));
        Assert.Equal((TaskKind.Move, pool), (task.Kind, task.RestoreTarget));
        return await ClientRuns.SettledAsync(Admin, task.Id);
    }

    private async Task<byte[]> RestoreAsync(FakeClient client, string archiveId, string folder)
    {
        await Http.PostAsync<TaskInfo>(Admin, $"{ApiRoutes.Archives}/{archiveId}/restore", new RestoreRequest(RestoreMode.Folder, "/restore"));
        return await ClientRuns.RestoreAsync(client, Path.Combine(Server.Root, folder));
    }

    private async Task<string> PoolPathAsync(string name) =>
        (await Http.GetAsync<PoolInfo[]>(Admin, ApiRoutes.Pools)).Single(p => p.Name == name).Path;

    private async Task<string[]> ManifestsAsync(string pool) =>
        [.. (await new LocalFolderDevice(await PoolPathAsync(pool)).ListManifestsAsync(CancellationToken.None)).Order(StringComparer.Ordinal)];

    private async Task AssertInPoolAsync(string[] family, string pool, string formerPool)
    {
        foreach (var id in family)
        {
            Assert.Equal(pool, (await Http.GetAsync<ArchiveInfo>(Admin, $"{ApiRoutes.Archives}/{id}")).Pool);
        }
        Assert.Equal(family.Order(StringComparer.Ordinal), await ManifestsAsync(pool));
        Assert.Empty(await ManifestsAsync(formerPool));
        Assert.True((await Http.GetAsync<CheckReport>(Admin, ApiRoutes.Check)).Consistent);
    }
}

public sealed class SqliteMoveTests() : MoveTests(CatalogBackend.Sqlite);

public sealed class PostgresMoveTests() : MoveTests(CatalogBackend.PostgreSql);
