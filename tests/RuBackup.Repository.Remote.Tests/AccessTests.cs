using RuBackup.Repository.Engine;
using RuBackup.Repository.Format;
using RuBackup.Repository.Remote.Server;
using RuBackup.Repository.Storage;

namespace RuBackup.Repository.Remote.Tests;

/// <summary>What resolve says a request may do is what the protocol lets it do.</summary>
public sealed class AccessTests : IDisposable
{
    private const int C = Images.ChunkSize;
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task ListAndGet_ManifestVisibleHidesOtherArchives_ListedNeitherReadable()
    {
        await using var server = await PoolServer.StartAsync(_folder.Sub("pool"), dedup: false);
        var local = await BackupRepository.OpenAsync(server.Pool);
        var mine = (await Images.BackupAsync(local, "vm-mine", ArchiveType.Full, Images.Random(4 * C, 1))).Manifest;
        var theirs = (await Images.BackupAsync(local, "vm-theirs", ArchiveType.Full, Images.Random(4 * C, 2))).Manifest;
        server.Access = _ => new PoolAccess { Device = server.Pool, ManifestVisible = id => id == mine.Id };
        using var device = server.Client();
        var repository = await BackupRepository.OpenAsync(device);

        Assert.Equal([mine.Id], await device.ListManifestsAsync(default));
        var hidden = await Assert.ThrowsAsync<RepositoryException>(() => device.GetManifestAsync(theirs.Id, default));
        Assert.Equal($"pool {server.PoolUrl()}: no archive '{theirs.Id}'", hidden.Message);
        var absent = await Assert.ThrowsAsync<RepositoryException>(() => device.GetManifestAsync("20990101-000000-00000000", default));
        Assert.Equal($"pool {server.PoolUrl()}: no archive '20990101-000000-00000000'", absent.Message);
        // A plain pool's pack is hidden with its archive.
        var digest = theirs.Disks[0].Entries.First(e => !e.Zero).Digest;
        await Assert.ThrowsAsync<ChunkMissingException>(() => device.GetChunkAsync(ChunkContainer.Pack(theirs.Id), digest, default));
        var restore = await Assert.ThrowsAnyAsync<RepositoryException>(() => Images.RestoreAsync(repository, theirs.Id, null, _folder.Path));
        Assert.Contains(theirs.Id, restore.Message, StringComparison.Ordinal);
        Assert.Equal(Images.Random(4 * C, 1), await Images.RestoreAsync(repository, mine.Id, null, _folder.Path));
    }

    [Fact]
    public async Task BeginWrite_CanWriteFalse_RefusedWith403AndNothingWritten()
    {
        await using var server = await PoolServer.StartAsync(_folder.Sub("pool"));
        server.Access = _ => new PoolAccess { Device = server.Pool, CanWrite = false };
        using var device = server.Client();
        var repository = await BackupRepository.OpenAsync(device);

        var error = await Assert.ThrowsAsync<RepositoryException>(() => Images.BackupAsync(repository, "vm", ArchiveType.Full, Images.Random(4 * C, 1)));

        Assert.StartsWith($"pool {server.PoolUrl()}: 403 ", error.Message, StringComparison.Ordinal);
        Assert.Contains("may not write", error.Message, StringComparison.Ordinal);
        Assert.Empty(await server.Pool.ListManifestsAsync(default));
        Assert.Empty(Directory.GetFiles(Path.Combine(server.Pool.Root, "chunks"), "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData(401, "the token expired")]
    [InlineData(403, "client x is not authorized")]
    [InlineData(404, "no task 7")]
    [InlineData(409, "task 7 is not executing")]
    public async Task AnyCall_ResolveThrowsPoolAccessDenied_AnswersThatStatusAndMessage(int status, string message)
    {
        await using var server = await PoolServer.StartAsync(_folder.Sub("pool"));
        server.Deny = new PoolAccessDeniedException(status, message);
        using var device = server.Client();

        var config = await Assert.ThrowsAsync<RepositoryException>(() => device.ReadConfigAsync(default));
        var manifest = await Assert.ThrowsAsync<RepositoryException>(() => device.GetManifestAsync("20990101-000000-00000000", default));
        var begin = await Assert.ThrowsAsync<RepositoryException>(() => device.BeginWriteAsync("20990101-000000-00000000", default));

        var expected = $"pool {server.PoolUrl()}: {status} {message}";
        Assert.Equal(expected, config.Message);
        Assert.Equal(expected, manifest.Message);
        Assert.Equal(expected, begin.Message);
        using var raw = new HttpClient();
        raw.DefaultRequestHeaders.Authorization = new("Bearer", PoolServer.Token);
        using var response = await raw.GetAsync(new Uri(server.PoolUrl() + "/manifests"));
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal($"{{\"error\":\"{message}\"}}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnyCall_WrongToken_401AndTheTokenInNoMessage()
    {
        await using var server = await PoolServer.StartAsync(_folder.Sub("pool"));
        using var device = server.Client(token: "stolen-secret-token");

        var error = await Assert.ThrowsAsync<RepositoryException>(() => BackupRepository.OpenAsync(device));

        Assert.Equal($"pool {server.PoolUrl()}: 401 a valid bearer token is required", error.Message);
        Assert.DoesNotContain("stolen-secret-token", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_UsedThroughAnotherTaskUrl_NotFound()
    {
        await using var server = await PoolServer.StartAsync(_folder.Sub("pool"));
        using var mine = server.Client(task: 1);
        using var other = server.Client(task: 2);
        await using var session = await mine.BeginWriteAsync("20990101-000000-0000000a", default);
        var id = ((HttpWriteSession)session).Id;

        using var raw = new HttpClient();
        raw.DefaultRequestHeaders.Authorization = new("Bearer", PoolServer.Token);
        using var response = await raw.PostAsync(new Uri($"{server.PoolUrl(2)}/sessions/{id}/commit"), new ByteArrayContent([1, 2, 3]));

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Contains($"no write session {id}", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadConfig_NoPoolAtThePlace_NullSoOpenSaysNoRepository()
    {
        await using var server = await PoolServer.StartAsync(_folder.Sub("pool"), createPool: false);
        Directory.CreateDirectory(server.Pool.Root);
        using var device = server.Client();

        Assert.Null(await device.ReadConfigAsync(default));
        var error = await Assert.ThrowsAsync<RepositoryException>(() => BackupRepository.OpenAsync(device));
        Assert.Contains("no repository here", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerSideOperations_OverHttp_NotSupportedWithClearMessage()
    {
        await using var server = await PoolServer.StartAsync(_folder.Sub("pool"));
        using var device = server.Client();
        var calls = new Func<Task>[]
        {
            () => device.CreateAsync([], default),
            () => device.DeleteArchiveAsync("a", default),
            () => device.ListContainersAsync(default),
            () => device.ListChunksAsync(ChunkContainer.Shared("raw"), default).GetAsyncEnumerator().MoveNextAsync().AsTask(),
            () => device.OldestActiveWriterAsync(default),
            () => device.SweepAsync(ChunkContainer.Shared("raw"), new HashSet<ChunkDigest>(), DateTimeOffset.UtcNow, default),
            () => device.RemoveLeftoversAsync(DateTimeOffset.UtcNow, default),
        };
        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<NotSupportedException>(call);
            Assert.Contains("done by the server", error.Message, StringComparison.Ordinal);
            Assert.StartsWith($"pool {server.PoolUrl()}: ", error.Message, StringComparison.Ordinal);
        }
    }

    public void Dispose() => _folder.Dispose();
}
