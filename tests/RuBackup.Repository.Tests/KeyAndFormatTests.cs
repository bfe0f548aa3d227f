using System.Buffers.Binary;
using System.Text.Json.Nodes;
using RuBackup.Repository.Engine;
using RuBackup.Repository.Format;

namespace RuBackup.Repository.Tests;

/// <summary>
/// Refusals an operator must be able to act on: the message names the key ids, the file or the version,
/// instead of failing somewhere deep with a decryption error or, worse, restoring garbage.
/// </summary>
public class KeyAndFormatTests
{
    private const int C = TestPool.ChunkSize;

    [Fact]
    public async Task Restore_WrongKey_RefusedNamingBothKeyIds()
    {
        using var pool = await TestPool.CreateAsync(dedup: true);
        var right = Images.Key(1);
        var wrong = Images.Key(2);
        var archive = (await pool.BackupAsync("vm", ArchiveType.Full, right, ("sda", Images.Random(3 * C, 1)))).Manifest;
        var target = pool.NewFolder("restore");

        var error = await Assert.ThrowsAnyAsync<RepositoryException>(() => new RestoreReader(pool.Repository).RestoreToFolderAsync(archive.Id, target, wrong));

        Assert.Contains(right.KeyId, error.Message, StringComparison.Ordinal);
        Assert.Contains(wrong.KeyId, error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(target));
    }

    [Fact]
    public async Task Read_PlainArchiveGivenAKey_KeyIgnored()
    {
        // A client passes its master key to every restore; an archive written without one must still open.
        using var pool = await TestPool.CreateAsync(dedup: true);
        var archive = (await pool.BackupAsync("vm", ArchiveType.Full, null, ("sda", Images.Random(3 * C, 1)))).Manifest;

        var plain = await pool.Repository.Catalog.ReadAsync(archive.Id, null);
        var keyed = await pool.Repository.Catalog.ReadAsync(archive.Id, Images.Key(1));

        Assert.Equal(plain.Metadata, keyed.Metadata);
        Assert.Equal(plain.Disks[0].Entries, keyed.Disks[0].Entries);
    }

    [Fact]
    public async Task Restore_EncryptedArchiveWithoutKey_RefusedAskingForTheKey()
    {
        using var pool = await TestPool.CreateAsync(dedup: false);
        var key = Images.Key(1);
        var archive = (await pool.BackupAsync("vm", ArchiveType.Full, key, ("sda", Images.Random(3 * C, 1)))).Manifest;
        var target = pool.NewFolder("restore");

        var error = await Assert.ThrowsAnyAsync<RepositoryException>(() => new RestoreReader(pool.Repository).RestoreToFolderAsync(archive.Id, target, null));

        Assert.Contains("encrypted", error.Message, StringComparison.Ordinal);
        Assert.Contains(key.KeyId, error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(target));
    }

    [Fact]
    public async Task Write_EncryptionRequiredWithoutKey_Refused()
    {
        using var pool = await TestPool.CreateAsync(dedup: true, encryptionRequired: true);

        var error = await Assert.ThrowsAnyAsync<RepositoryException>(() => pool.BackupAsync("vm", ArchiveType.Full, null, ("sda", Images.Random(C, 1))));

        Assert.Contains("requires encryption", error.Message, StringComparison.Ordinal);
        Assert.Empty(await pool.Repository.Catalog.ListAsync());
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(false, 40)]
    [InlineData(true, 1)]
    [InlineData(true, 40)]
    public async Task Restore_TruncatedManifest_DamagedDataNamingTheManifest(bool encrypted, int cut)
    {
        using var pool = await TestPool.CreateAsync(dedup: true);
        var key = encrypted ? Images.Key(1) : null;
        var archive = (await pool.BackupAsync("vm", ArchiveType.Full, key, ("sda", Images.Random(3 * C, 1)))).Manifest;
        var path = Path.Combine(pool.Root, "manifests", archive.Id + ".manifest");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^cut]);

        var error = await Assert.ThrowsAsync<DamagedDataException>(() => pool.RestoreAsync(archive.Id, key));
        Assert.Contains($"manifest {archive.Id}", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);

        // Verify reports it instead of stopping, and gc refuses rather than guessing what it needed.
        var report = await pool.VerifyAsync(key);
        Assert.Equal(archive.Id, Assert.Single(report.DamagedManifests).ArchiveId);
        await Assert.ThrowsAnyAsync<RepositoryException>(() => new GarbageCollector(pool.Repository).CollectAsync(TimeSpan.Zero));
        Assert.NotEmpty(pool.ChunkFiles());
    }

    [Fact]
    public async Task Open_UnknownRepositoryFormatVersion_RefusedNamingTheVersion()
    {
        using var pool = await TestPool.CreateAsync(dedup: true);
        var path = Path.Combine(pool.Root, RepositoryConfig.FileName);
        var config = JsonNode.Parse(File.ReadAllText(path))!;
        config["format"] = 7;
        File.WriteAllText(path, config.ToJsonString());

        var error = await Assert.ThrowsAsync<RepositoryException>(() => pool.ReopenAsync());

        Assert.Contains("version 7", error.Message, StringComparison.Ordinal);
        Assert.Contains(RepositoryConfig.FileName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_UnknownManifestFormatVersion_RefusedNamingTheVersion()
    {
        using var pool = await TestPool.CreateAsync(dedup: false);
        var archive = (await pool.BackupAsync("vm", ArchiveType.Full, null, ("sda", Images.Random(C, 1)))).Manifest;
        var path = Path.Combine(pool.Root, "manifests", archive.Id + ".manifest");
        var bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), 9);
        File.WriteAllBytes(path, bytes);

        var error = await Assert.ThrowsAsync<RepositoryException>(() => pool.RestoreAsync(archive.Id, null));

        Assert.Contains("version 9", error.Message, StringComparison.Ordinal);
        Assert.Contains(archive.Id, error.Message, StringComparison.Ordinal);
    }
}
