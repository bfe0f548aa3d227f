using System.Text.Json;

namespace RuBackup.RepoTool.Tests.Support;

/// <summary>A repository made through the CLI, with the arguments every command on it needs.</summary>
public sealed class TestPool
{
    private TestPool(string repo, string? key, bool dedup)
    {
        Repo = repo;
        Key = key;
        Dedup = dedup;
    }

    public string Repo { get; }

    /// <summary>The master key file when the pool requires encryption, else null.</summary>
    public string? Key { get; }

    public bool Dedup { get; }

    public string[] KeyArgs => Key is null ? [] : ["--key", Key];

    /// <summary>Runs keygen (when encrypted) and init with 64 KiB chunks, so small images still make many chunks.</summary>
    public static async Task<TestPool> CreateAsync(string folder, bool dedup, bool encrypted)
    {
        Directory.CreateDirectory(folder);
        string? key = null;
        if (encrypted)
        {
            key = Path.Combine(folder, "master.key");
            await RbRepo.RunOkAsync("keygen", "--out", key);
        }
        var pool = new TestPool(Path.Combine(folder, "pool"), key, dedup);
        string[] args = ["init", "--repo", pool.Repo, "--chunk-size", "64K", .. dedup ? new[] { "--dedup" } : [], .. pool.KeyArgs];
        await RbRepo.RunOkAsync(args);
        return pool;
    }

    public string[] BackupArgs(string image, string type, string resource = "vm", string? meta = null) =>
        ["backup", "--repo", Repo, "--resource", resource, "--disk", "sda=" + image, "--type", type, .. KeyArgs, .. meta is null ? Array.Empty<string>() : ["--meta", meta]];

    /// <summary>Backs up and returns the archive id the tool printed on stdout.</summary>
    public async Task<string> BackupAsync(string image, string type, string resource = "vm", string? meta = null)
    {
        var result = await RbRepo.RunOkAsync(BackupArgs(image, type, resource, meta));
        var id = result.Stdout.Trim();
        Assert.Matches("^[0-9]{8}-[0-9]{6}-[0-9a-f]{8}$", id);
        return id;
    }

    public Task<CliResult> RestoreAsync(string archive, string target) =>
        RbRepo.RunAsync(["restore", "--repo", Repo, "--archive", archive, "--target", target, .. KeyArgs]);

    public Task<CliResult> VerifyAsync() => RbRepo.RunAsync(["verify", "--repo", Repo, .. KeyArgs]);

    /// <summary>Archive ids in the order list --json gives them (oldest first).</summary>
    public async Task<List<string>> ListIdsAsync()
    {
        var result = await RbRepo.RunOkAsync("list", "--repo", Repo, "--json");
        using var json = JsonDocument.Parse(result.Stdout);
        return [.. json.RootElement.EnumerateArray().Select(a => a.GetProperty("id").GetString()!)];
    }
}
