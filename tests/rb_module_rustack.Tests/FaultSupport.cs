using System.Net.Http.Json;
using System.Text.Json.Nodes;

// Most of these tests wait on the simulator's clock and timeouts, not on the CPU: run more test
// classes at once than there are cores, so the project stays within minutes on 2 cores.
[assembly: CollectionBehavior(MaxParallelThreads = 6)]

namespace RuBackup.RustackModule.Tests;

/// <summary>Helpers of the fault, guest-script and kill tests: repositories, faults, short timeouts.</summary>
public static class FaultSupport
{
    /// <summary>Short waits so that stuck resources fail a run in seconds (the module's own keys).</summary>
    public static readonly IReadOnlyDictionary<string, string?> ShortTimeouts = new Dictionary<string, string?>
    {
        ["snapshot_creation_timeout"] = "3",
        ["volume_creation_timeout"] = "3",
        ["volume_attachment_timeout"] = "3",
        ["timeout"] = "5",
    };

    public static Dictionary<string, string?> With(this IReadOnlyDictionary<string, string?> baseline, params (string Key, string? Value)[] more)
    {
        var result = new Dictionary<string, string?>(baseline);
        foreach (var (key, value) in more)
        {
            result[key] = value;
        }
        return result;
    }

    public static async Task<string> NewRepoAsync(this ModuleRun run)
    {
        var repo = Path.Combine(run.Folder("repos"), Guid.NewGuid().ToString("N"));
        var init = await run.RepoAsync("init", "--repo", repo);
        Assert.True(init.ExitCode == 0, init.ToString());
        return repo;
    }

    public static Task<ProcessResult> BackupAsync(this ModuleRun run, string repo, params string[] extra) =>
        run.ModuleAsync(["-b", "web-1", "--repo", repo, "--type", "full", .. extra]);

    public static async Task<int> ArchiveCountAsync(this ModuleRun run, string repo)
    {
        var list = await run.RepoAsync("list", "--repo", repo, "--json");
        Assert.True(list.ExitCode == 0, list.ToString());
        return JsonNode.Parse(list.Stdout)!.AsArray().Count;
    }

    public static async Task FaultAsync(this ModuleRun run, string op, string mode, int count = 1, int delayMs = 0)
    {
        using var response = await run.Sim.Http.PostAsJsonAsync(run.Sim.Url + "/sim/faults", new { op, mode, count, delay_ms = delayMs });
        Assert.Equal(201, (int)response.StatusCode);
    }

    public static async Task ClearFaultsAsync(this ModuleRun run)
    {
        using var response = await run.Sim.Http.DeleteAsync(run.Sim.Url + "/sim/faults");
        Assert.True(response.IsSuccessStatusCode);
    }

    /// <summary>Faults still armed: a test that expected its fault to fire checks this is empty.</summary>
    public static async Task<int> ArmedFaultsAsync(this ModuleRun run) =>
        JsonNode.Parse(await run.Sim.Http.GetStringAsync(run.Sim.Url + "/sim/faults"))!.AsArray().Count;

    public static async Task<IReadOnlyList<JsonNode>> TemporaryAsync(this ModuleRun run, string kind) =>
        [.. (await run.CloudStateAsync())[kind]!.AsArray()
            .Where(i => i!["name"]?.GetValue<string>().StartsWith("rubackup-tmp-", StringComparison.Ordinal) == true)
            .Select(i => i!)];

    public static async Task<IReadOnlyList<JsonNode>> BackupVmAttachmentsAsync(this ModuleRun run)
    {
        var state = await run.CloudStateAsync();
        var temporary = state["volumes"]!.AsArray()
            .Where(v => v!["name"]?.GetValue<string>().StartsWith("rubackup-tmp-", StringComparison.Ordinal) == true)
            .Select(v => v!["id"]!.GetValue<string>()).ToHashSet();
        return [.. state["attachments"]!.AsArray().Where(a => temporary.Contains(a!["volume_id"]!.GetValue<string>())).Select(a => a!)];
    }

    /// <summary>Polls the simulator until the condition holds (for kill tests).</summary>
    public static async Task<bool> WaitForStateAsync(this ModuleRun run, Func<JsonNode, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition(await run.CloudStateAsync()))
            {
                return true;
            }
            await Task.Delay(25);
        }
        return false;
    }

    public static int CountTemporary(JsonNode state, string kind, string? status = null) =>
        state[kind]!.AsArray().Count(i => i!["name"]?.GetValue<string>().StartsWith("rubackup-tmp-", StringComparison.Ordinal) == true
            && (status is null || i["status"]?.GetValue<string>() == status));
}

/// <summary>One simulator for a test class whose tests run one after another and leave it clean.</summary>
public sealed class CloudFixture : IDisposable
{
    public ModuleRun Run { get; } = new();

    public void Dispose() => Run.Dispose();
}
