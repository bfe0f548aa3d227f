using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace RuBackup.RustackModule.Tests;

/// <summary>One default cloud for -l and -t; the tests run one after another and restore the configuration.</summary>
public sealed class CheckCloud : IDisposable
{
    public ModuleRun Run { get; } = new("--no-guest-agents");

    public void Dispose() => Run.Dispose();
}

public sealed class CheckAndListTests(CheckCloud cloud) : IClassFixture<CheckCloud>
{
    private readonly ModuleRun _run = cloud.Run;

    [Fact]
    public async Task List_Table_ShowsNameIdAndStatusOfEveryVm()
    {
        var result = await _run.ModuleAsync("-l");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("NAME", lines[0], StringComparison.Ordinal);
        var servers = (await _run.CloudStateAsync())["servers"]!.AsArray();
        Assert.Equal(servers.Count, lines.Length - 1);
        foreach (var server in servers)
        {
            var fields = new[] { server!["name"]!.GetValue<string>(), server["id"]!.GetValue<string>(), server["status"]!.GetValue<string>() };
            Assert.Contains(lines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).SequenceEqual(fields));
        }
    }

    [Fact]
    public async Task List_Json_ListsExactlyTheProjectsVms()
    {
        var result = await _run.ModuleAsync("-l", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var listed = JsonNode.Parse(result.Stdout)!.AsArray().Select(s => $"{s!["name"]} {s["id"]} {s["status"]}").Order(StringComparer.Ordinal);
        var expected = (await _run.CloudStateAsync())["servers"]!.AsArray().Select(s => $"{s!["name"]} {s["id"]} {s["status"]}").Order(StringComparer.Ordinal);
        Assert.Equal(expected, listed);
        Assert.Equal(3, listed.Count());
    }

    [Fact]
    public async Task Check_GoodConfig_EveryCheckOkExitZero()
    {
        var result = await _run.ModuleAsync("-t");

        Assert.True(result.ExitCode == 0, result.ToString());
        var checks = CheckLines(result);
        Assert.All(checks, l => Assert.StartsWith("OK ", l, StringComparison.Ordinal));
        foreach (var name in new[] { "configuration file", "API reachable", "authentication", "project", "rubackup-vm-id", "admin credentials" })
        {
            Assert.Contains(checks, l => l.Contains(name, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Check_WrongPassword_FailsAuthenticationWithReason()
    {
        var result = await CheckWithAsync("password", "not-the-password");

        AssertFailed(result, "authentication", "401");
    }

    [Fact]
    public async Task Check_WrongProjectId_FailsWithReason()
    {
        var result = await CheckWithAsync("project_id", "0123456789abcdef0123456789abcdef");

        AssertFailed(result, "0123456789abcdef0123456789abcdef", null);
    }

    [Fact]
    public async Task Check_MissingBackupVm_FailsRubackupVmIdCheck()
    {
        var result = await CheckWithAsync("rubackup-vm-id", "11111111-2222-3333-4444-555555555555");

        AssertFailed(result, "rubackup-vm-id 11111111-2222-3333-4444-555555555555", "no such VM");
        Assert.Contains(CheckLines(result), l => l.StartsWith("OK ", StringComparison.Ordinal) && l.Contains("authentication", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_UnreachableUrl_FailsApiReachableCheck()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await CheckWithAsync("url", $"http://127.0.0.1:{port}/v3");

        AssertFailed(result, "API reachable", "refused");
    }

    private async Task<ProcessResult> CheckWithAsync(string key, string value)
    {
        _run.WriteConfig(new Dictionary<string, string?> { [key] = value });
        try
        {
            return await _run.ModuleAsync("-t");
        }
        finally
        {
            _run.WriteConfig();
        }
    }

    private static string[] CheckLines(ProcessResult result) =>
        [.. result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("OK ", StringComparison.Ordinal) || l.StartsWith("FAIL ", StringComparison.Ordinal))];

    /// <summary>Exit non-zero and exactly one FAIL line: the named check, with a reason.</summary>
    private static void AssertFailed(ProcessResult result, string check, string? reason)
    {
        Assert.True(result.ExitCode != 0, result.ToString());
        var failed = CheckLines(result).Where(l => l.StartsWith("FAIL ", StringComparison.Ordinal)).ToList();
        Assert.True(failed.Count == 1, result.ToString());
        Assert.Contains(check, failed[0], StringComparison.Ordinal);
        var separator = failed[0].IndexOf(": ", failed[0].IndexOf(check, StringComparison.Ordinal) + check.Length, StringComparison.Ordinal);
        Assert.True(separator > 0 && failed[0].Length > separator + 2, $"no reason in: {failed[0]}");
        if (reason is not null)
        {
            Assert.Contains(reason, failed[0][separator..], StringComparison.OrdinalIgnoreCase);
        }
    }
}
