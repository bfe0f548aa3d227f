using System.Text.Json;
using RuBackup.RepoTool.Tests.Support;

namespace RuBackup.RepoTool.Tests;

/// <summary>
/// An archive leaves the repository as one file (export) and comes back (import) the way archives go to
/// tape or another site: restorable byte for byte in a pool of either kind, without the key, and a
/// damaged, truncated or incomplete file is refused before anything is written.
/// </summary>
public sealed class ExportImportTests
{
    /// <summary>A pool with a full and an incremental of one disk; returns the images each restores to.</summary>
    private static async Task<(TestPool Pool, string Full, string Incremental, byte[] FullImage, byte[] IncrementalImage)> ChainAsync(TempFolder temp, bool dedup, bool encrypted)
    {
        var pool = await TestPool.CreateAsync(temp["source"], dedup, encrypted);
        var path = temp["disk.img"];
        var first = TestImages.Create(seed: 71, size: 2 * TestImages.MiB);
        await File.WriteAllBytesAsync(path, first);
        var full = await pool.BackupAsync(path, "full");
        var second = TestImages.Mutate(first, seed: 72, blocks: 5);
        await File.WriteAllBytesAsync(path, second);
        var incremental = await pool.BackupAsync(path, "incremental");
        return (pool, full, incremental, first, second);
    }

    private static Task<CliResult> ExportAsync(TestPool pool, string archive, string file, bool chain) =>
        RbRepo.RunAsync(["export", "--repo", pool.Repo, "--archive", archive, "--out", file, .. chain ? new[] { "--chain" } : []]);

    private static Task<CliResult> ImportAsync(TestPool pool, string file, bool json = false) =>
        RbRepo.RunAsync(["import", "--repo", pool.Repo, "--in", file, .. json ? new[] { "--json" } : []]);

    /// <summary>Every file of the pool except its lock files: what an import must leave unchanged when refused.</summary>
    private static List<string> PoolFiles(TestPool pool) =>
        [.. Directory.EnumerateFiles(pool.Repo, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/locks/", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    private static async Task AssertRestoresAsync(TestPool pool, string archive, byte[] expected, string target, params string[] keyArgs)
    {
        var result = await RbRepo.RunAsync(["restore", "--repo", pool.Repo, "--archive", archive, "--target", target, .. keyArgs]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(TestImages.Sha256(expected), TestImages.Sha256(Path.Combine(target, "sda.raw")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExportImport_ChainFromDedupPool_RestoresSameBytesInFreshPool(bool targetDedup)
    {
        using var temp = new TempFolder();
        var (source, full, incremental, fullImage, incrementalImage) = await ChainAsync(temp, dedup: true, encrypted: false);
        var file = temp["chain.rbx"];

        var export = await ExportAsync(source, incremental, file, chain: true);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Contains("exported 2 archive(s)", export.Stdout, StringComparison.Ordinal);
        Assert.Equal(["chain.rbx", "disk.img"], Directory.EnumerateFiles(temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        var target = await TestPool.CreateAsync(temp["target"], targetDedup, encrypted: false);
        var import = await ImportAsync(target, file);
        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains($"imported {full}", import.Stdout, StringComparison.Ordinal);
        Assert.Contains($"imported {incremental}", import.Stdout, StringComparison.Ordinal);

        Assert.Equal([full, incremental], await target.ListIdsAsync());
        await AssertRestoresAsync(target, full, fullImage, temp["restore-full"]);
        await AssertRestoresAsync(target, incremental, incrementalImage, temp["restore-incremental"]);
        Assert.Equal(0, (await target.VerifyAsync()).ExitCode);
    }

    [Fact]
    public async Task ExportImport_EncryptedChain_ImportedWithoutKeyRestoresWithIt()
    {
        using var temp = new TempFolder();
        var (source, full, incremental, _, incrementalImage) = await ChainAsync(temp, dedup: false, encrypted: true);
        var file = temp["chain.rbx"];
        Assert.Equal(0, (await ExportAsync(source, incremental, file, chain: true)).ExitCode);
        // A dedup target without any key: the server's situation.
        var target = await TestPool.CreateAsync(temp["target"], dedup: true, encrypted: false);

        var import = await ImportAsync(target, file);

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal([full, incremental], await target.ListIdsAsync());
        // The manifests crossed byte for byte, still sealed: only the source's key restores them.
        Assert.Equal(
            await File.ReadAllBytesAsync(Path.Combine(source.Repo, "manifests", incremental + ".manifest")),
            await File.ReadAllBytesAsync(Path.Combine(target.Repo, "manifests", incremental + ".manifest")));
        await AssertRestoresAsync(target, incremental, incrementalImage, temp["restore"], "--key", source.Key!);
    }

    [Theory]
    [InlineData("header")]
    [InlineData("middle")]
    [InlineData("checksum")]
    public async Task Import_FlippedByte_RefusedAndNothingWritten(string where)
    {
        using var temp = new TempFolder();
        var (source, _, incremental, _, _) = await ChainAsync(temp, dedup: true, encrypted: false);
        var file = temp["chain.rbx"];
        Assert.Equal(0, (await ExportAsync(source, incremental, file, chain: true)).ExitCode);
        var bytes = await File.ReadAllBytesAsync(file);
        var offset = where switch
        {
            "header" => 20,
            "middle" => bytes.Length / 2,
            _ => bytes.Length - 20,
        };
        bytes[offset] ^= 0x20;
        await File.WriteAllBytesAsync(file, bytes);
        var target = await TestPool.CreateAsync(temp["target"], dedup: true, encrypted: false);
        var before = PoolFiles(target);

        var import = await ImportAsync(target, file);

        CliAssert.OneLineError(import, file, "checksum mismatch", "damaged");
        Assert.Empty(await target.ListIdsAsync());
        Assert.Equal(before, PoolFiles(target));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9999)]
    public async Task Import_TruncatedFile_RefusedAndNothingWritten(double keep)
    {
        using var temp = new TempFolder();
        var (source, _, incremental, _, _) = await ChainAsync(temp, dedup: false, encrypted: false);
        var file = temp["chain.rbx"];
        Assert.Equal(0, (await ExportAsync(source, incremental, file, chain: true)).ExitCode);
        var length = new FileInfo(file).Length;
        using (var stream = new FileStream(file, FileMode.Open))
        {
            stream.SetLength((long)(length * keep));
        }
        var target = await TestPool.CreateAsync(temp["target"], dedup: false, encrypted: false);
        var before = PoolFiles(target);

        var import = await ImportAsync(target, file);

        CliAssert.OneLineError(import, file, "truncated");
        Assert.Empty(await target.ListIdsAsync());
        Assert.Equal(before, PoolFiles(target));
    }

    [Fact]
    public async Task Import_IncrementalWithoutBase_RefusedNamingBaseUntilBaseImported()
    {
        using var temp = new TempFolder();
        var (source, full, incremental, _, incrementalImage) = await ChainAsync(temp, dedup: true, encrypted: false);
        var alone = temp["incremental.rbx"];
        var export = await ExportAsync(source, incremental, alone, chain: false);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Contains($"base {full} is not in the file", export.Stdout, StringComparison.Ordinal);
        var target = await TestPool.CreateAsync(temp["target"], dedup: false, encrypted: false);
        var before = PoolFiles(target);

        CliAssert.OneLineError(await ImportAsync(target, alone), full, incremental, "--chain");
        Assert.Empty(await target.ListIdsAsync());
        Assert.Equal(before, PoolFiles(target));

        // With the base brought first, the same file imports and restores.
        Assert.Equal(0, (await ExportAsync(source, full, temp["full.rbx"], chain: false)).ExitCode);
        Assert.Equal(0, (await ImportAsync(target, temp["full.rbx"])).ExitCode);
        Assert.Equal(0, (await ImportAsync(target, alone)).ExitCode);
        await AssertRestoresAsync(target, incremental, incrementalImage, temp["restore"]);
    }

    [Fact]
    public async Task Import_Twice_SecondSkipsEverythingAndWritesNothing()
    {
        using var temp = new TempFolder();
        var (source, full, incremental, _, incrementalImage) = await ChainAsync(temp, dedup: true, encrypted: false);
        var file = temp["chain.rbx"];
        Assert.Equal(0, (await ExportAsync(source, incremental, file, chain: true)).ExitCode);
        var target = await TestPool.CreateAsync(temp["target"], dedup: true, encrypted: false);
        Assert.Equal(0, (await ImportAsync(target, file)).ExitCode);
        var before = PoolFiles(target);

        var again = await ImportAsync(target, file);
        var json = await ImportAsync(target, file, json: true);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains($"skipped {full}: already in the repository, identical", again.Stdout, StringComparison.Ordinal);
        Assert.Contains($"skipped {incremental}: already in the repository, identical", again.Stdout, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.All(document.RootElement.GetProperty("archives").EnumerateArray(), a =>
        {
            Assert.Equal("skipped", a.GetProperty("status").GetString());
            Assert.Equal(0, a.GetProperty("chunks_sent").GetInt64());
        });
        Assert.Equal(before, PoolFiles(target));
        Assert.Equal([full, incremental], await target.ListIdsAsync());
        await AssertRestoresAsync(target, incremental, incrementalImage, temp["restore"]);
    }

    [Fact]
    public async Task Import_DedupTargetHoldingTheChunks_WritesOnlyWhatItLacks()
    {
        using var temp = new TempFolder();
        var (source, full, _, fullImage, _) = await ChainAsync(temp, dedup: true, encrypted: false);
        var file = temp["full.rbx"];
        Assert.Equal(0, (await ExportAsync(source, full, file, chain: false)).ExitCode);
        var target = await TestPool.CreateAsync(temp["target"], dedup: true, encrypted: false);
        // The same bytes backed up there under another resource: every chunk of the full is present.
        var image = temp["same.img"];
        await File.WriteAllBytesAsync(image, fullImage);
        await target.BackupAsync(image, "full", resource: "other-vm");

        var import = await ImportAsync(target, file, json: true);

        Assert.True(import.ExitCode == 0, import.ToString());
        using var document = JsonDocument.Parse(import.Stdout);
        var archive = document.RootElement.GetProperty("archives")[0];
        Assert.Equal("imported", archive.GetProperty("status").GetString());
        Assert.Equal(0, archive.GetProperty("chunks_sent").GetInt64());
        Assert.True(archive.GetProperty("chunks_present").GetInt64() > 0);
        await AssertRestoresAsync(target, full, fullImage, temp["restore"]);
    }

    [Fact]
    public async Task Export_FileExistsOrArchiveUnknown_RefusedAndLeavesNothingBehind()
    {
        using var temp = new TempFolder();
        var (source, full, _, _, _) = await ChainAsync(temp, dedup: false, encrypted: false);
        var existing = temp["existing.rbx"];
        await File.WriteAllTextAsync(existing, "keep me");

        CliAssert.OneLineError(await ExportAsync(source, full, existing, chain: false), existing, "not overwritten");
        Assert.Equal("keep me", await File.ReadAllTextAsync(existing));
        CliAssert.OneLineError(await ExportAsync(source, "20200101-000000-00000000", temp["missing.rbx"], chain: true), "20200101-000000-00000000");

        Assert.Equal(["disk.img", "existing.rbx"], Directory.EnumerateFiles(temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Import_ChunkSizeDiffers_Refused()
    {
        using var temp = new TempFolder();
        var (source, full, _, _, _) = await ChainAsync(temp, dedup: false, encrypted: false);
        var file = temp["full.rbx"];
        Assert.Equal(0, (await ExportAsync(source, full, file, chain: false)).ExitCode);
        var other = temp["other"];
        await RbRepo.RunOkAsync("init", "--repo", other, "--chunk-size", "128K");

        CliAssert.OneLineError(await RbRepo.RunAsync("import", "--repo", other, "--in", file), "64 KiB", "128 KiB");
        Assert.False(Directory.Exists(Path.Combine(other, "manifests")) && Directory.EnumerateFiles(Path.Combine(other, "manifests")).Any());
    }
}
