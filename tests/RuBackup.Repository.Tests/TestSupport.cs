using RuBackup.Repository.Crypto;
using RuBackup.Repository.Engine;
using RuBackup.Repository.Format;
using RuBackup.Repository.Storage;

namespace RuBackup.Repository.Tests;

/// <summary>A clock the test moves by hand, so archive times (and prune buckets) are exact.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}

/// <summary>A pool in a temp folder, reached through a fault-injecting device so tests can count and break calls.</summary>
internal sealed class TestPool : IDisposable
{
    public const int ChunkSize = 16 << 10;
    private readonly TempFolder _folder;

    private TestPool(TempFolder folder, BackupRepository repository, FaultInjectingDevice device, LocalFolderDevice local)
    {
        _folder = folder;
        Repository = repository;
        Device = device;
        Local = local;
    }

    public BackupRepository Repository { get; private set; }

    public FaultInjectingDevice Device { get; }

    public LocalFolderDevice Local { get; }

    public string Root => Local.Root;

    /// <param name="wrap">Puts another device between the engine and the fault-injecting one (to block a writer).</param>
    public static async Task<TestPool> CreateAsync(bool dedup, TimeProvider? time = null, bool encryptionRequired = false, Func<IPoolDevice, IPoolDevice>? wrap = null)
    {
        var folder = new TempFolder();
        var local = new LocalFolderDevice(Path.Combine(folder.Path, "pool"));
        var device = new FaultInjectingDevice(local);
        var repository = await BackupRepository.InitAsync(wrap is null ? device : wrap(device), dedup, ChunkSize, encryptionRequired, time);
        return new TestPool(folder, repository, device, local);
    }

    /// <summary>A new folder beside the pool (restore targets, images).</summary>
    public string NewFolder(string name)
    {
        var path = _folder.Sub(name + "-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(path);
        return path;
    }

    public Task<BackupResult> BackupAsync(string resource, ArchiveType type, MasterKey? key, params (string Name, byte[] Bytes)[] disks) =>
        new BackupWriter(Repository).WriteAsync(new BackupRequest
        {
            Resource = resource,
            Type = type,
            Key = key,
            Disks = [.. disks.Select(d => new MemoryDiskSource(d.Name, d.Bytes))],
        });

    /// <summary>A backup sealed with <paramref name="encryption"/> instead of the default AES-256-GCM.</summary>
    public Task<BackupResult> BackupWithAsync(ChunkAlgorithm encryption, string resource, ArchiveType type, MasterKey key, params (string Name, byte[] Bytes)[] disks) =>
        new BackupWriter(Repository).WriteAsync(new BackupRequest
        {
            Resource = resource,
            Type = type,
            Key = key,
            Encryption = encryption,
            Disks = [.. disks.Select(d => new MemoryDiskSource(d.Name, d.Bytes))],
        });

    /// <summary>Restores into a new folder and returns every file there by name, so extra or missing disks show.</summary>
    public async Task<Dictionary<string, byte[]>> RestoreAsync(string archiveId, MasterKey? key)
    {
        var target = NewFolder("restore");
        await new RestoreReader(Repository).RestoreToFolderAsync(archiveId, target, key);
        return Directory.EnumerateFiles(target).ToDictionary(p => Path.GetFileName(p), File.ReadAllBytes, StringComparer.Ordinal);
    }

    public Task<VerifyReport> VerifyAsync(MasterKey? key, string? archiveId = null) =>
        new RepositoryVerifier(Repository).VerifyAsync(archiveId, key);

    public string[] ChunkFiles() =>
        Directory.Exists(Local.ChunkDirectory) ? Directory.GetFiles(Local.ChunkDirectory, "*", SearchOption.AllDirectories) : [];

    /// <summary>Reopens the pool from disk, as a second process would.</summary>
    public async Task ReopenAsync(TimeProvider? time = null) => Repository = await BackupRepository.OpenAsync(Repository.Device, time);

    public void Dispose() => _folder.Dispose();
}

internal static class Images
{
    public static MasterKey Key(byte fill) => MasterKey.FromBytes(Enumerable.Repeat(fill, MasterKey.Length).ToArray(), $"test key {fill}");

    /// <summary>Random bytes from a seed: the same seed gives the same bytes, so duplicates are easy to make.</summary>
    public static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Six chunks: random, repeated, zero, random, repeated, random, plus a short zero tail (four distinct stored chunks).</summary>
    public static byte[] SixChunks()
    {
        const int C = TestPool.ChunkSize;
        var image = new byte[(6 * C) + 100];
        var repeated = Random(C, 42);
        Random(C, 1).CopyTo(image, 0);
        repeated.CopyTo(image, C);
        Random(C, 2).CopyTo(image, 3 * C);
        repeated.CopyTo(image, 4 * C);
        Random(C, 3).CopyTo(image, 5 * C);
        return image;
    }

    public static void AssertDisks(Dictionary<string, byte[]> expected, Dictionary<string, byte[]> restored, string context)
    {
        Assert.True(
            expected.Keys.Select(k => k + ".raw").Order(StringComparer.Ordinal).SequenceEqual(restored.Keys.Order(StringComparer.Ordinal)),
            $"{context}: restored files [{string.Join(", ", restored.Keys)}], expected disks [{string.Join(", ", expected.Keys)}]");
        foreach (var (name, bytes) in expected)
        {
            var actual = restored[name + ".raw"];
            if (!bytes.AsSpan().SequenceEqual(actual))
            {
                var first = FirstDifference(bytes, actual);
                Assert.Fail($"{context}: disk '{name}' differs (expected {bytes.Length} bytes, got {actual.Length}; first difference at {first})");
            }
        }
    }

    private static long FirstDifference(byte[] a, byte[] b)
    {
        var common = a.AsSpan().CommonPrefixLength(b);
        return common;
    }
}
