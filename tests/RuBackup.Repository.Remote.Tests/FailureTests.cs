using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using RuBackup.Repository.Engine;
using RuBackup.Repository.Format;
using RuBackup.Repository.Remote.Server;
using RuBackup.Repository.Storage;

namespace RuBackup.Repository.Remote.Tests;

/// <summary>
/// Whatever breaks (server stop, vanished client, cut or damaged upload, transient errors), no archive
/// becomes listed unless every chunk arrived whole, and the client gets one line saying what happened.
/// </summary>
public sealed class FailureTests : IDisposable
{
    private const int C = Images.ChunkSize;
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Backup_ServerStoppedMidWrite_ClientGetsRepositoryExceptionAndNoManifestExists()
    {
        var server = await PoolServer.StartAsync(_folder.Sub("pool"));
        try
        {
            using var device = server.Client();
            var repository = await BackupRepository.OpenAsync(device);
            using var disk = new PausingDisk("sda", Images.Noise(64 * C, 1), pauseAt: 32 * C);
            var backup = new BackupWriter(repository).WriteAsync(new BackupRequest { Resource = "vm", Type = ArchiveType.Full, Disks = [disk], Parallelism = 2 });
            await disk.Paused.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.NotNull(await server.Pool.OldestActiveWriterAsync(default));

            await server.StopAsync();
            disk.Resume();

            var error = await Assert.ThrowsAsync<RepositoryException>(() => backup);
            Assert.StartsWith($"pool {server.PoolUrl()}: ", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error.Message);
            Assert.Empty(await server.Pool.ListManifestsAsync(default));
            // Shutdown abandoned the device session: its writer registration is gone.
            Assert.Null(await server.Pool.OldestActiveWriterAsync(default));
        }
        finally
        {
            await server.StopAsync();
        }
    }

    [Fact]
    public async Task Session_ClientVanishes_AbandonedAfterIdleTimeoutAndNeverCommitted()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new PoolProtocolOptions { SessionIdleTimeout = TimeSpan.FromMinutes(2) };
        await using var server = await PoolServer.StartAsync(_folder.Sub("pool"), time: time, options: options);
        using var device = server.Client();
        var session = await device.BeginWriteAsync("20990101-000000-0000000b", default);
        var blob = Blob(Images.Noise(C, 3), out var digest);
        await session.PutChunkAsync(ChunkContainer.Shared("raw"), digest, blob, default);

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.NotNull(await server.Pool.OldestActiveWriterAsync(default));
        time.Advance(TimeSpan.FromMinutes(2));
        // The server stamps a request's end when it has written the answer, which on a loaded machine can
        // come after the advance above: keep the fake clock moving until the sweeper sees the idle session.
        await WaitUntilAsync(async () =>
        {
            time.Advance(TimeSpan.FromSeconds(30));
            return await server.Pool.OldestActiveWriterAsync(default) is null;
        });

        var error = await Assert.ThrowsAsync<RepositoryException>(() => session.CommitAsync(new byte[64], default));
        Assert.Contains("404 no write session", error.Message, StringComparison.Ordinal);
        Assert.Empty(await server.Pool.ListManifestsAsync(default));
    }

    [Fact]
    public async Task PutChunks_BatchWithoutTrailer_Refused400AndSessionCanNeverCommit()
    {
        await using var server = await PoolServer.StartAsync(_folder.Sub("pool"));
        using var device = server.Client();
        await using var session = (HttpWriteSession)await device.BeginWriteAsync("20990101-000000-0000000c", default);
        var blob = Blob(Images.Noise(C, 4), out var digest);
        var body = BatchBody(digest, blob, trailer: false);

        using var raw = RawClient();
        using var put = await raw.PostAsync(new Uri($"{server.PoolUrl()}/sessions/{session.Id}/chunks/shared/raw"), new ByteArrayContent(body));
        Assert.Equal(400, (int)put.StatusCode);
        Assert.Contains("cut upload", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<RepositoryException>(() => session.CommitAsync(ValidManifest("20990101-000000-0000000c"), default));
        Assert.Contains("409", error.Message, StringComparison.Ordinal);
        Assert.Contains("broken", error.Message, StringComparison.Ordinal);
        Assert.Empty(await server.Pool.ListManifestsAsync(default));
    }

    [Fact]
    public async Task PutChunks_ConnectionCutMidBody_SessionBrokenAndNothingCommitted()
    {
        await using var server = await PoolServer.StartAsync(_folder.Sub("pool"));
        using var device = server.Client();
        await using var session = (HttpWriteSession)await device.BeginWriteAsync("20990101-000000-0000000d", default);
        var blob = Blob(Images.Noise(C, 5), out var digest);
        var body = BatchBody(digest, blob, trailer: true);

        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(server.Root.Host, server.Root.Port);
            var stream = tcp.GetStream();
            var head = $"POST {server.PoolUrl().AbsolutePath}/sessions/{session.Id}/chunks/shared/raw HTTP/1.1\r\nHost: {server.Root.Authority}\r\n"
                + $"Authorization: Bearer {PoolServer.Token}\r\nContent-Length: {body.Length}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await stream.WriteAsync(body.AsMemory(0, body.Length / 2));
            await stream.FlushAsync();
            await Task.Delay(200);
        }

        await WaitUntilAsync(async () =>
        {
            using var probe = RawClient();
            using var commit = await probe.PostAsync(new Uri($"{server.PoolUrl()}/sessions/{session.Id}/commit"), new ByteArrayContent(ValidManifest("20990101-000000-0000000d")));
            return (int)commit.StatusCode == 409 && (await commit.Content.ReadAsStringAsync()).Contains("broken", StringComparison.Ordinal);
        });
        Assert.Empty(await server.Pool.ListManifestsAsync(default));
    }

    [Fact]
    public async Task PutChunks_DamagedBlob_Refused400NamingTheChunk()
    {
        await using var server = await PoolServer.StartAsync(_folder.Sub("pool"));
        using var device = server.Client();
        await using var session = await device.BeginWriteAsync("20990101-000000-0000000e", default);
        var blob = Blob(Images.Noise(C, 6), out var digest);
        blob[blob.Length / 2] ^= 1;

        // Batches are pipelined: the refusal fails the next call, and never lets a commit through.
        await session.PutChunksAsync(ChunkContainer.Shared("raw"), [new ChunkUpload(digest, blob)], default);
        var error = await Assert.ThrowsAsync<RepositoryException>(() => session.CommitAsync(new byte[1], default));

        Assert.Equal($"pool {server.PoolUrl()}: 400 chunk {digest} (frame 1) arrived damaged: blob checksum mismatch (stored bytes changed)", error.Message);
        Assert.Empty(Directory.GetFiles(Path.Combine(server.Pool.Root, "chunks"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Reads_Transient503_RetriedAndSucceed()
    {
        await using var server = await PoolServer.StartAsync(_folder.Sub("pool"));
        using var counting = new CountingHandler(HttpPoolDevice.CreateHandler(null)) { FailPath = "/manifests", FailNext = 2 };
        using var device = server.Client(handler: counting);

        Assert.Empty(await device.ListManifestsAsync(default));

        Assert.Equal(3, counting.Calls("GET manifests"));
    }

    [Fact]
    public async Task Writes_503_NotRetriedAndReported()
    {
        await using var server = await PoolServer.StartAsync(_folder.Sub("pool"));
        using var counting = new CountingHandler(HttpPoolDevice.CreateHandler(null)) { FailPath = "/chunks/", FailNext = 1 };
        using var device = server.Client(handler: counting);
        await using var session = await device.BeginWriteAsync("20990101-000000-0000000f", default);
        var blob = Blob(Images.Noise(C, 7), out var digest);

        await session.PutChunkAsync(ChunkContainer.Shared("raw"), digest, blob, default);
        var error = await Assert.ThrowsAsync<RepositoryException>(() => session.CommitAsync(new byte[1], default));

        Assert.Equal($"pool {server.PoolUrl()}: 503 Service Unavailable", error.Message);
        Assert.Equal(1, counting.Calls("POST chunks"));
    }

    [Fact]
    public async Task AnyCall_NothingListening_OneLineNamingThePool()
    {
        int port;
        using (var probe = new TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }
        using var device = new HttpPoolDevice(new Uri($"http://127.0.0.1:{port}/pool"), "t");

        var error = await Assert.ThrowsAsync<RepositoryException>(() => device.BeginWriteAsync("20990101-000000-00000010", default));

        Assert.StartsWith($"pool http://127.0.0.1:{port}/pool: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain('\n', error.Message);
    }

    public void Dispose() => _folder.Dispose();

    private static byte[] Blob(byte[] plain, out ChunkDigest digest)
    {
        digest = new Crypto.ChunkHasher(null).Hash(plain);
        var blob = new byte[ChunkCodec.MaxBlobSize(plain.Length)];
        return blob[..ChunkCodec.Encode(plain, digest, null, blob)];
    }

    private static byte[] BatchBody(ChunkDigest digest, byte[] blob, bool trailer)
    {
        using var body = new MemoryStream();
        Span<byte> u32 = stackalloc byte[4];
        body.Write("RBCB"u8);
        body.Write([1, 0, 0, 0]);
        BinaryPrimitives.WriteUInt32LittleEndian(u32, (uint)blob.Length);
        body.Write(u32);
        body.Write(digest.ToArray());
        body.Write(blob);
        if (trailer)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(u32, uint.MaxValue);
            body.Write(u32);
            BinaryPrimitives.WriteUInt32LittleEndian(u32, 1);
            body.Write(u32);
        }
        return body.ToArray();
    }

    private static byte[] ValidManifest(string id) => ManifestCodec.Serialize(new ArchiveManifest
    {
        Id = id,
        SourceType = "raw",
        Resource = "vm",
        ResourceName = "vm",
        Created = DateTimeOffset.UtcNow,
        Type = ArchiveType.Full,
        ChunkSize = C,
        ChunkStore = ChunkStoreKind.Shared,
        Encryption = "none",
        Disks = [],
        Metadata = [],
        Stats = new ArchiveStats(),
    }, null);

    private static HttpClient RawClient()
    {
        var raw = new HttpClient();
        raw.DefaultRequestHeaders.Authorization = new("Bearer", PoolServer.Token);
        return raw;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 20 s");
            await Task.Delay(50);
        }
    }

    /// <summary>A disk whose reads stop at one offset until the test resumes them: a backup caught mid-write.</summary>
    private sealed class PausingDisk(string name, byte[] content, long pauseAt) : IDiskSource
    {
        private readonly ManualResetEventSlim _resume = new();
        private readonly TaskCompletionSource _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Paused => _paused.Task;

        public string Name { get; } = name;

        public long Length => content.Length;

        public void Resume() => _resume.Set();

        public void ReadExactly(long offset, Span<byte> buffer)
        {
            if (offset >= pauseAt)
            {
                _paused.TrySetResult();
                _resume.Wait(TimeSpan.FromSeconds(60));
            }
            content.AsSpan((int)offset, buffer.Length).CopyTo(buffer);
        }

        public void Dispose() => _resume.Dispose();
    }
}
