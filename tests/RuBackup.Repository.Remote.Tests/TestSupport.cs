using RuBackup.Repository.Crypto;
using RuBackup.Repository.Engine;
using RuBackup.Repository.Format;

namespace RuBackup.Repository.Remote.Tests;

internal static class Images
{
    public const int ChunkSize = 16 << 10;

    public static MasterKey Key(byte fill) => MasterKey.FromBytes(Enumerable.Repeat(fill, MasterKey.Length).ToArray(), $"test key {fill}");

    /// <summary>Random bytes from a seed, no zero chunk among them.</summary>
    public static byte[] Noise(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Random bytes from a seed, with a zero stretch so holes travel too.</summary>
    public static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        Array.Clear(bytes, length / 4, Math.Min(3 * ChunkSize, length / 4));
        return bytes;
    }

    public static Task<BackupResult> BackupAsync(BackupRepository repository, string resource, ArchiveType type, byte[] disk, MasterKey? key = null, int parallelism = 0) =>
        new BackupWriter(repository).WriteAsync(new BackupRequest
        {
            Resource = resource,
            Type = type,
            Key = key,
            Disks = [new MemoryDiskSource("sda", disk)],
            Parallelism = parallelism,
        });

    public static async Task<byte[]> RestoreAsync(BackupRepository repository, string archiveId, MasterKey? key, string folder)
    {
        var target = Path.Combine(folder, "restore-" + Guid.NewGuid().ToString("N")[..6]);
        await new RestoreReader(repository).RestoreToFolderAsync(archiveId, target, key);
        Assert.Equal(["sda.raw"], Directory.EnumerateFiles(target).Select(Path.GetFileName));
        return await File.ReadAllBytesAsync(Path.Combine(target, "sda.raw"));
    }
}

/// <summary>
/// Counts what the client sends: requests by path and the bytes of chunk batch bodies, as they
/// cross the wire; optionally answers the first N requests of a kind with 503 instead of sending them.
/// </summary>
internal sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private long _batchBytes;
    private readonly Dictionary<string, int> _calls = [];
    private readonly Lock _gate = new();

    public long BatchBodyBytes => Interlocked.Read(ref _batchBytes);

    /// <summary>Fail this many of the next requests whose path contains <see cref="FailPath"/> with 503.</summary>
    public int FailNext { get; set; }

    public string FailPath { get; set; } = "";

    public int Calls(string kind)
    {
        lock (_gate)
        {
            return _calls.GetValueOrDefault(kind);
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var kind = $"{request.Method} {Kind(path)}";
        lock (_gate)
        {
            _calls[kind] = _calls.GetValueOrDefault(kind) + 1;
            if (FailNext > 0 && path.Contains(FailPath, StringComparison.Ordinal))
            {
                FailNext--;
                return new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable) { RequestMessage = request };
            }
        }
        if (kind == "POST chunks" && request.Content is not null)
        {
            Interlocked.Add(ref _batchBytes, request.Content.Headers.ContentLength ?? 0);
        }
        return await base.SendAsync(request, cancellationToken);
    }

    /// <summary>"chunks" for batch puts and chunk reads, "missing", "commit", "manifests", "config", "sessions".</summary>
    private static string Kind(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var pool = Array.IndexOf(parts, "pool");
        if (pool + 1 >= parts.Length)
        {
            return "";
        }
        if (parts[pool + 1] == "sessions")
        {
            return parts.Length > pool + 3 ? parts[pool + 3] : "sessions";
        }
        return parts[pool + 1];
    }
}
