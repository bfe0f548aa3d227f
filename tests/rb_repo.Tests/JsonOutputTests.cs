using System.Text.Json;
using RuBackup.RepoTool.Tests.Support;

namespace RuBackup.RepoTool.Tests;

/// <summary>--json is what scripts and the server parse: it must be one JSON document on stdout with the documented fields.</summary>
public sealed class JsonOutputTests
{
    private static JsonElement Parse(CliResult result, int exitCode = 0)
    {
        Assert.True(result.ExitCode == exitCode, result.ToString());
        using var document = JsonDocument.Parse(result.Stdout);
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task JsonOutput_BackupListVerifyStatsPrune_ParsesWithExpectedFields()
    {
        using var temp = new TempFolder();
        var pool = await TestPool.CreateAsync(temp["pool"], dedup: true, encrypted: false);
        var image = TestImages.Create(seed: 21, size: 2 * TestImages.MiB);
        var path = temp["disk.img"];
        await File.WriteAllBytesAsync(path, image);

        var full = Parse(await RbRepo.RunAsync([.. pool.BackupArgs(path, "full"), "--json"]));
        var fullId = full.GetProperty("archive").GetString()!;
        Assert.Equal("full", full.GetProperty("type").GetString());
        Assert.True(full.GetProperty("stats").GetProperty("bytes_read").GetInt64() == image.Length);

        await File.WriteAllBytesAsync(path, TestImages.Mutate(image, seed: 22, blocks: 3));
        var incremental = Parse(await RbRepo.RunAsync([.. pool.BackupArgs(path, "incremental"), "--json"]));
        var incrementalId = incremental.GetProperty("archive").GetString()!;
        Assert.Equal("incremental", incremental.GetProperty("type").GetString());
        Assert.Equal(fullId, incremental.GetProperty("base").GetString());

        // list: oldest first, each with its base.
        var list = Parse(await RbRepo.RunAsync("list", "--repo", pool.Repo, "--json"));
        Assert.Equal([fullId, incrementalId], list.EnumerateArray().Select(a => a.GetProperty("id").GetString()));
        Assert.Equal(JsonValueKind.Null, list[0].TryGetProperty("base", out var noBase) ? noBase.ValueKind : JsonValueKind.Null);
        Assert.Equal(fullId, list[1].GetProperty("base").GetString());
        Assert.Equal(image.Length, list[0].GetProperty("disks")[0].GetProperty("size").GetInt64());

        var verify = Parse(await RbRepo.RunAsync("verify", "--repo", pool.Repo, "--json"));
        Assert.True(verify.GetProperty("clean").GetBoolean());
        Assert.Equal(2, verify.GetProperty("archives_checked").GetInt64());
        Assert.True(verify.GetProperty("chunks_checked").GetInt64() > 0);
        Assert.Equal(0, verify.GetProperty("damaged_chunks").GetArrayLength());

        var stats = Parse(await RbRepo.RunAsync("stats", "--repo", pool.Repo, "--json"));
        Assert.Equal(2, stats.GetProperty("archives").GetInt64());
        Assert.True(stats.GetProperty("dedup").GetBoolean());
        Assert.Equal(64 * 1024, stats.GetProperty("chunk_size").GetInt32());
        Assert.True(stats.GetProperty("stored_bytes").GetInt64() > 0);

        var prune = Parse(await RbRepo.RunAsync("prune", "--repo", pool.Repo, "--keep-last", "1", "--dry-run", "--json"));
        Assert.True(prune.GetProperty("dry_run").GetBoolean());
        Assert.Equal(0, prune.GetProperty("removed").GetInt32());
        var decisions = prune.GetProperty("decisions").EnumerateArray().ToDictionary(d => d.GetProperty("archive").GetString()!, d => d.GetProperty("keep").GetBoolean());
        // The full is the incremental's base, so keep-last 1 keeps both.
        Assert.Equal(new Dictionary<string, bool> { [fullId] = true, [incrementalId] = true }, decisions);
    }

    [Fact]
    public async Task JsonOutput_VerifyOfDamagedPool_ParsesAndExitsOne()
    {
        using var temp = new TempFolder();
        var pool = await TestPool.CreateAsync(temp["pool"], dedup: true, encrypted: false);
        var path = temp["disk.img"];
        await File.WriteAllBytesAsync(path, TestImages.Unique(seed: 23, size: 1 * TestImages.MiB));
        var archive = await pool.BackupAsync(path, "full");
        var chunk = Directory.EnumerateFiles(Path.Combine(pool.Repo, "chunks"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        await File.WriteAllBytesAsync(chunk, (await File.ReadAllBytesAsync(chunk))[..10]);

        var result = await RbRepo.RunAsync("verify", "--repo", pool.Repo, "--json");

        var verify = Parse(result, exitCode: 1);
        Assert.False(verify.GetProperty("clean").GetBoolean());
        var damaged = Assert.Single(verify.GetProperty("damaged_chunks").EnumerateArray());
        Assert.Equal(Path.GetFileName(chunk), damaged.GetProperty("digest").GetString());
        Assert.Equal([archive], damaged.GetProperty("affected_archives").EnumerateArray().Select(a => a.GetString()));
    }
}
