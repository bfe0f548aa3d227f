using RuBackup.Repository.Engine;
using RuBackup.Repository.Format;
using RuBackup.Repository.Remote.Server;

namespace RuBackup.Repository.Remote.Tests;

/// <summary>Backups and restores written through the pool protocol behave as they do on a local folder.</summary>
public sealed class RemoteBackupTests : IDisposable
{
    private const int C = Images.ChunkSize;
    private readonly TempFolder _folder = new();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task BackupAndRestore_FullThenIncrementalOverHttp_RestoresEqualSourceBytes(bool dedup)
    {
        await using var server = await PoolServer.StartAsync(_folder.Sub("pool"), dedup);
        using var device = server.Client();
        var repository = await BackupRepository.OpenAsync(device);
        var image = Images.Random(40 * C + 123, 1);
        var changed = (byte[])image.Clone();
        Images.Noise(6 * C, 2).CopyTo(changed, 10 * C);

        var full = (await Images.BackupAsync(repository, "vm", ArchiveType.Full, image)).Manifest;
        var incremental = (await Images.BackupAsync(repository, "vm", ArchiveType.Incremental, changed)).Manifest;

        Assert.Equal(full.Id, incremental.Base);
        Assert.Equal(6, incremental.Stats.ChunksChanged);
        Assert.Equal(image, await Images.RestoreAsync(repository, full.Id, null, _folder.Path));
        Assert.Equal(changed, await Images.RestoreAsync(repository, incremental.Id, null, _folder.Path));
        // The pool on the server's disk holds the same archives, readable without HTTP.
        var local = await BackupRepository.OpenAsync(server.Pool);
        Assert.Equal([full.Id, incremental.Id], (await local.Catalog.ListAsync()).Select(m => m.Id));
        Assert.True((await new RepositoryVerifier(local).VerifyAsync(null, null)).Clean);
    }

    [Fact]
    public async Task Backup_SecondBackupOfIdenticalContent_SendsNoChunkBytes()
    {
        var commits = new List<PoolCommit>();
        await using var server = await PoolServer.StartAsync(_folder.Sub("pool"));
        server.Access = _ => new PoolAccess
        {
            Device = server.Pool,
            CanWrite = true,
            Commit = async (commit, inner, ct) =>
            {
                lock (commits)
                {
                    commits.Add(commit);
                }
                await inner(ct);
            },
        };
        var image = Images.Random(64 * C, 3);
        using (var first = server.Client(task: 1))
        {
            await Images.BackupAsync(await BackupRepository.OpenAsync(first), "vm-a", ArchiveType.Full, image);
        }
        using var counting = new CountingHandler(HttpPoolDevice.CreateHandler(null));
        using var second = server.Client(task: 2, counting);

        var archive = (await Images.BackupAsync(await BackupRepository.OpenAsync(second), "vm-b", ArchiveType.Full, image)).Manifest;

        Assert.Equal(0, counting.Calls("POST chunks"));
        Assert.Equal(0, counting.BatchBodyBytes);
        var stats = Assert.Single(commits, c => c.ArchiveId == archive.Id).Stats;
        Assert.Equal(new PoolSessionStats(archive.Stats.ChunksChanged, 0, 0, 0), stats);
        // Batched: far fewer find-missing round trips than chunks.
        Assert.InRange(counting.Calls("POST missing"), 1, archive.Stats.ChunksChanged / 4);
    }

    [Fact]
    public async Task Backup_PartlyKnownContent_SendsOnlyMissingChunksAndCountsThem()
    {
        var commits = new List<PoolCommit>();
        await using var server = await PoolServer.StartAsync(_folder.Sub("pool"));
        server.Access = _ => new PoolAccess
        {
            Device = server.Pool,
            CanWrite = true,
            Commit = (commit, inner, ct) =>
            {
                commits.Add(commit);
                return inner(ct);
            },
        };
        var image = Images.Random(32 * C, 4);
        var other = (byte[])image.Clone();
        Images.Noise(5 * C, 5).CopyTo(other, 20 * C);
        using var device = server.Client();
        var repository = await BackupRepository.OpenAsync(device);
        await Images.BackupAsync(repository, "vm-a", ArchiveType.Full, image);
        using var counting = new CountingHandler(HttpPoolDevice.CreateHandler(null));
        using var second = server.Client(handler: counting);

        var archive = (await Images.BackupAsync(await BackupRepository.OpenAsync(second), "vm-b", ArchiveType.Full, other)).Manifest;

        var stats = Assert.Single(commits, c => c.ArchiveId == archive.Id).Stats;
        Assert.Equal(5, archive.Stats.ChunksNew);
        Assert.Equal(5, stats.ChunksMissing);
        Assert.Equal(5, stats.ChunksReceived);
        Assert.Equal(archive.Stats.BytesStored, stats.BytesReceived);
        // On the wire: the blobs plus framing (36 bytes a chunk, 16 a batch).
        Assert.InRange(counting.BatchBodyBytes, stats.BytesReceived, stats.BytesReceived + (5 * 36) + (5 * 16));
        Assert.Equal(other, await Images.RestoreAsync(repository, archive.Id, null, _folder.Path));
    }

    [Fact]
    public async Task Commit_HookGiven_CalledExactlyOnceWithSessionStatsAroundTheDeviceCommit()
    {
        var calls = new List<(PoolCommit Commit, bool ListedBefore, bool ListedAfter)>();
        await using var server = await PoolServer.StartAsync(_folder.Sub("pool"));
        server.Access = _ => new PoolAccess
        {
            Device = server.Pool,
            CanWrite = true,
            Commit = async (commit, inner, ct) =>
            {
                var before = (await server.Pool.ListManifestsAsync(ct)).Contains(commit.ArchiveId);
                await inner(ct);
                var after = (await server.Pool.ListManifestsAsync(ct)).Contains(commit.ArchiveId);
                calls.Add((commit, before, after));
            },
        };
        using var device = server.Client();
        var image = Images.Random(24 * C, 6);

        var archive = (await Images.BackupAsync(await BackupRepository.OpenAsync(device), "vm", ArchiveType.Full, image)).Manifest;

        var (commit, listedBefore, listedAfter) = Assert.Single(calls);
        Assert.Equal(archive.Id, commit.ArchiveId);
        Assert.False(listedBefore);
        Assert.True(listedAfter);
        Assert.Equal(archive.Id, ManifestCodec.Deserialize(commit.Manifest.Span, null, "hook").Id);
        var nonZero = archive.Stats.ChunksChanged;
        Assert.Equal(new PoolSessionStats(nonZero, nonZero, nonZero, archive.Stats.BytesStored), commit.Stats);
    }

    [Fact]
    public async Task Commit_HookThrows_NoManifestAndClientGetsTheMessage()
    {
        await using var server = await PoolServer.StartAsync(_folder.Sub("pool"));
        server.Access = _ => new PoolAccess
        {
            Device = server.Pool,
            CanWrite = true,
            Commit = (_, _, _) => throw new RepositoryException("catalog refused the archive"),
        };
        using var device = server.Client();

        var error = await Assert.ThrowsAsync<RepositoryException>(() => Images.BackupAsync(BackupRepository.OpenAsync(device).Result, "vm", ArchiveType.Full, Images.Random(8 * C, 7)));

        Assert.Equal($"pool {server.PoolUrl()}: 409 catalog refused the archive", error.Message);
        Assert.Empty(await server.Pool.ListManifestsAsync(default));
        Assert.Null(await server.Pool.OldestActiveWriterAsync(default));
    }

    [Fact]
    public async Task Restore_EncryptedBackupOverHttp_RestoresOnlyWithTheSameKey()
    {
        await using var server = await PoolServer.StartAsync(_folder.Sub("pool"));
        using var device = server.Client();
        var repository = await BackupRepository.OpenAsync(device);
        var image = Images.Random(20 * C, 8);
        var key = Images.Key(1);

        var archive = (await Images.BackupAsync(repository, "vm", ArchiveType.Full, image, key)).Manifest;

        Assert.Equal(image, await Images.RestoreAsync(repository, archive.Id, key, _folder.Path));
        var wrongKey = await Assert.ThrowsAnyAsync<RepositoryException>(() => Images.RestoreAsync(repository, archive.Id, Images.Key(2), _folder.Path));
        Assert.Contains(archive.Id, wrongKey.Message, StringComparison.Ordinal);
        var noKey = await Assert.ThrowsAnyAsync<RepositoryException>(() => Images.RestoreAsync(repository, archive.Id, null, _folder.Path));
        Assert.Contains("encrypted", noKey.Message, StringComparison.Ordinal);
        // Nothing the server stored contains the plaintext: a 64-byte run of the image is nowhere.
        var probe = image.AsSpan(3 * C, 64).ToArray();
        foreach (var file in Directory.EnumerateFiles(server.Pool.Root, "*", SearchOption.AllDirectories))
        {
            Assert.Equal(-1, File.ReadAllBytes(file).AsSpan().IndexOf(probe));
        }
    }

    public void Dispose() => _folder.Dispose();
}
