using System.Text.Json.Nodes;

namespace RuBackup.RustackModule.Tests;

/// <summary>
/// `-b VM --export-folder DIR`: after the commit the new archive alone is exported to DIR/ID.rbexport
/// (the file the client's post-backup script works on), and that file restores elsewhere.
/// </summary>
public sealed class ExportFolderTests : IDisposable
{
    private readonly ModuleRun _run = new();

    [Fact]
    public async Task Backup_ExportFolder_EachArchiveAloneInItsFileWhichImportsElsewhereAndRestoresByteForByte()
    {
        var repo = _run.Folder("repo");
        var exports = _run.Folder("exports");
        var elsewhere = _run.Folder("elsewhere");
        Assert.True((await _run.RepoAsync("init", "--repo", repo, "--dedup")) is { ExitCode: 0 }, "init failed");
        Assert.True((await _run.RepoAsync("init", "--repo", elsewhere)) is { ExitCode: 0 }, "init of the second repository failed");
        var volumes = await CloudFiles.VolumeIdsAsync(_run, "web-1");

        var full = await _run.ModuleAsync("-b", "web-1", "--repo", repo, "--type", "full", "--export-folder", exports, "--json", "--progress");
        var (fullId, fullFile) = Exported(full, exports);
        Assert.Contains($"exporting archive {fullId} to {fullFile}", full.Stderr, StringComparison.Ordinal);
        CloudFiles.Scribble(CloudFiles.VolumePath(_run, volumes[0]), new Random(11));
        var hashes = volumes.ToDictionary(v => v, v => CloudFiles.Sha256(CloudFiles.VolumePath(_run, v)));
        var incremental = await _run.ModuleAsync("-b", "web-1", "--repo", repo, "--type", "incremental", "--export-folder", exports, "--json");
        var (incrementalId, incrementalFile) = Exported(incremental, exports);

        Assert.Equal([fullFile, incrementalFile], Directory.GetFiles(exports).Order(StringComparer.Ordinal));
        foreach (var (file, id) in new[] { (fullFile, fullId), (incrementalFile, incrementalId) })
        {
            var import = await _run.RepoAsync("import", "--repo", elsewhere, "--in", file, "--json");
            Assert.True(import.ExitCode == 0, import.ToString());
            var carried = JsonNode.Parse(import.Stdout)!["archives"]!.AsArray();
            Assert.Equal(id, Assert.Single(carried)!["id"]!.GetValue<string>());
        }
        var target = _run.Folder("restore");
        var restore = await _run.ModuleAsync("-r", incrementalId, "--repo", elsewhere, "-X", "--target", target);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        foreach (var (volume, hash) in hashes)
        {
            Assert.True(hash == CloudFiles.Sha256(Path.Combine(target, volume + ".raw")), $"volume {volume} differs after export and import");
        }
        Assert.Empty(await _run.TemporaryLeftoversAsync());
    }

    [Fact]
    public async Task Backup_ExportFolderMissing_OneLineExit2AndNoArchive()
    {
        var repo = _run.Folder("repo");
        Assert.True((await _run.RepoAsync("init", "--repo", repo, "--dedup")) is { ExitCode: 0 }, "init failed");
        var missing = Path.Combine(_run.Folder("parent"), "exports");

        var result = await _run.ModuleAsync("-b", "web-1", "--repo", repo, "--type", "full", "--export-folder", missing, "--json");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"rb_module_rustack: error: --export-folder {missing}: no such folder", line);
        var list = await _run.RepoAsync("list", "--repo", repo, "--json");
        Assert.Empty(JsonNode.Parse(list.Stdout)!.AsArray());
    }

    /// <summary>The archive id and the export path of a successful run; the file is whole and named ID.rbexport.</summary>
    internal static (string Archive, string File) Exported(ProcessResult result, string folder)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        var json = JsonNode.Parse(result.Stdout)!;
        var archive = json["archive"]!.GetValue<string>();
        var file = json["export"]!.GetValue<string>();
        Assert.Equal(Path.Combine(folder, archive + ".rbexport"), file);
        Assert.True(File.Exists(file), $"{file} is missing");
        var magic = new byte[4];
        using (var stream = File.OpenRead(file))
        {
            stream.ReadExactly(magic);
        }
        Assert.Equal("RBEX"u8.ToArray(), magic);
        Assert.DoesNotContain(Directory.GetFiles(folder), f => f.Contains(".tmp.", StringComparison.Ordinal));
        return (archive, file);
    }

    public void Dispose() => _run.Dispose();
}
