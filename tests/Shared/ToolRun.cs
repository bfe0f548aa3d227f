using System.Diagnostics;

namespace RuBackup.TestSupport;

/// <summary>What one run of a command left behind: exit code and both streams, whole.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>
/// Runs a built command (dotnet TOOL.dll from the test output folder) as a real child process, so a
/// test sees exactly what an operator or a script sees: exit code, stdout, stderr, files on disk.
/// Shared by the command-line tools' test projects.
/// </summary>
public static class ToolRun
{
    /// <summary>The dotnet host the tests run under, so the child uses the same runtime (also with a cleared PATH).</summary>
    public static string DotnetHost { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "dotnet")).FirstOrDefault(File.Exists) ?? "dotnet";

    /// <param name="environment">Added to (or, with <paramref name="cleanEnvironment"/>, instead of) the test's environment.</param>
    /// <param name="cleanEnvironment">Start from an empty environment: nothing of the machine running the tests leaks in.</param>
    public static Process Start(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, bool cleanEnvironment = false)
    {
        ArgumentNullException.ThrowIfNull(args);
        var info = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        if (cleanEnvironment)
        {
            info.Environment.Clear();
        }
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {Path.GetFileName(dll)}");
    }

    /// <summary>Writes <paramref name="input"/> (if any), reads both streams to their end and waits; kills a run that hangs.</summary>
    public static async Task<CliResult> CollectAsync(Process process, TimeSpan timeout, string? input = null)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{process.StartInfo.ArgumentList[0]} did not finish within {timeout}");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// The tools' contract for failures: a non-zero exit (<paramref name="exitCode"/> when given),
    /// exactly one stderr line starting "TOOL: error:" that contains each of <paramref name="mentions"/>,
    /// and no stack trace anywhere.
    /// </summary>
    public static void AssertOneLineError(CliResult result, string tool, int? exitCode, params string[] mentions)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(mentions);
        Assert.True(exitCode is { } code ? result.ExitCode == code : result.ExitCode != 0, $"expected exit {exitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "non-zero"}:\n{result}");
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected exactly one stderr line:\n{result}");
        Assert.StartsWith(tool + ": error:", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stdout, StringComparison.Ordinal);
        foreach (var mention in mentions)
        {
            Assert.True(lines[0].Contains(mention, StringComparison.Ordinal), $"error line should mention '{mention}':\n{result}");
        }
    }
}
