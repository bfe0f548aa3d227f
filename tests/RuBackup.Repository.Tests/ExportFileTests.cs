using RuBackup.Repository.Format;
using RuBackup.Repository.Storage;
using RuBackup.Repository.Transfer;

namespace RuBackup.Repository.Tests;

/// <summary>
/// The exported archive file at the engine level: each chunk carried once yet placed in every pack that
/// needs it, an export that fails leaves no file, an import cut by a failing device leaves whole
/// archives only and can be repeated.
/// </summary>
public class ExportFileTests
{
    private const int C = TestPool.ChunkSize;

    /// <summary>Six distinct random chunks and a short all-zero tail (no chunk stored for it).</summary>
    private static byte[] Image(int seed)
    {
        var image = new byte[(6 * C) + 100];
        for (var i = 0; i < 6; i++)
        {
            Images.Random(C, (seed * 10) + i).CopyTo(image, i * C);
        }
        return image;
    }

    private static async Task<(string Full, string Incremental, byte[] FullImage, byte[] Changed)> ChainAsync(TestPool pool)
    {
        var full = Image(1);
        // The incremental's changed chunk is a copy of the full's first: one digest, needed by both archives.
        var changed = (byte[])full.Clone();
        full.AsSpan(0, C).CopyTo(changed.AsSpan(4 * C));
        var fullId = (await pool.BackupAsync("vm-a", ArchiveType.Full, null, ("sda", full))).Manifest.Id;
        var incremental = (await pool.BackupAsync("vm-a", ArchiveType.Incremental, null, ("sda", changed))).Manifest.Id;
        return (fullId, incremental, full, changed);
    }

    [Fact]
    public async Task ExportImport_ChunkSharedByTwoArchives_CarriedOncePlacedInBothPacks()
    {
        using var source = await TestPool.CreateAsync(dedup: false);
        using var target = await TestPool.CreateAsync(dedup: false);
        var (full, incremental, fullImage, changed) = await ChainAsync(source);
        var file = Path.Combine(source.NewFolder("out"), "chain.rbx");

        var exported = await new ArchiveExporter(source.Repository).ExportAsync(incremental, withChain: true, file);
        var imported = await new ArchiveImporter(target.Repository).ImportAsync(file);

        Assert.Equal([full, incremental], exported.Archives);
        Assert.Equal(6, exported.Chunks); // the incremental's one chunk is the full's first: carried once
        Assert.Null(exported.MissingBase);
        Assert.Equal(new FileInfo(file).Length, exported.Bytes);
        Assert.Equal([6L, 1L], imported.Archives.Select(a => a.ChunksSent));
        Assert.True((await target.VerifyAsync(null)).Clean);
        Images.AssertDisks(new() { ["sda"] = changed }, await target.RestoreAsync(incremental, null), "incremental");
        Images.AssertDisks(new() { ["sda"] = fullImage }, await target.RestoreAsync(full, null), "full");
    }

    [Fact]
    public async Task Export_SourceChunkRotten_FailsNamingChunkAndLeavesNoFile()
    {
        using var source = await TestPool.CreateAsync(dedup: true);
        var (_, incremental, _, _) = await ChainAsync(source);
        var manifest = await source.Repository.Catalog.ReadAsync(incremental, null);
        var rotten = manifest.Disks[0].Entries[0].Digest;
        source.Device.CorruptReads.Add(rotten);
        var folder = source.NewFolder("out");

        var error = await Assert.ThrowsAsync<DamagedDataException>(() =>
            new ArchiveExporter(source.Repository).ExportAsync(incremental, withChain: true, Path.Combine(folder, "chain.rbx")));

        Assert.Contains(rotten.ToHex(), error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public async Task Import_DeviceFailsMidway_LeavesWholeArchivesAndRepeatCompletes()
    {
        using var source = await TestPool.CreateAsync(dedup: true);
        using var target = await TestPool.CreateAsync(dedup: true);
        var (full, incremental, _, changed) = await ChainAsync(source);
        var file = Path.Combine(source.NewFolder("out"), "chain.rbx");
        await new ArchiveExporter(source.Repository).ExportAsync(incremental, withChain: true, file);
        // The full's manifest commits, the incremental's does not.
        target.Device.FailOn(DeviceOperation.Commit, 2);

        await Assert.ThrowsAsync<IOException>(() => new ArchiveImporter(target.Repository).ImportAsync(file));
        Assert.Equal([full], await target.Repository.Device.ListManifestsAsync(default));

        var again = await new ArchiveImporter(target.Repository).ImportAsync(file);

        Assert.Equal([true, false], again.Archives.Select(a => a.AlreadyInTarget));
        Images.AssertDisks(new() { ["sda"] = changed }, await target.RestoreAsync(incremental, null), "incremental after a repeated import");
    }

    [Fact]
    public async Task Import_TargetHoldsAnotherArchiveOfThatId_RefusedBeforeWriting()
    {
        using var source = await TestPool.CreateAsync(dedup: false);
        using var target = await TestPool.CreateAsync(dedup: true);
        var (full, incremental, _, _) = await ChainAsync(source);
        var file = Path.Combine(source.NewFolder("out"), "chain.rbx");
        await new ArchiveExporter(source.Repository).ExportAsync(incremental, withChain: true, file);
        // Another manifest under the incremental's id: a different archive that happens to share the name.
        await using (var session = await target.Repository.Device.BeginWriteAsync(incremental, default))
        {
            await session.CommitAsync(await source.Repository.Device.GetManifestAsync(full, default), default);
        }
        var putBefore = target.Device.ChunksPut;

        var error = await Assert.ThrowsAsync<RepositoryException>(() => new ArchiveImporter(target.Repository).ImportAsync(file));

        Assert.Contains(incremental, error.Message, StringComparison.Ordinal);
        Assert.Contains("nothing imported", error.Message, StringComparison.Ordinal);
        Assert.Equal(putBefore, target.Device.ChunksPut);
        Assert.Equal([incremental], await target.Repository.Device.ListManifestsAsync(default));
    }
}
