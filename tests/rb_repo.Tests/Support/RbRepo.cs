using System.Diagnostics;

namespace RuBackup.RepoTool.Tests.Support;

/// <summary>What one rb_repo run left behind: exit code and both streams, whole.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>
/// Starts rb_repo as a real child process (dotnet rb_repo.dll from the test output folder), so the
/// tests see exactly what an operator or a script sees: exit codes, stdout, stderr, files on disk.
/// </summary>
public static class RbRepo
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static string Dll { get; } = Path.Combine(AppContext.BaseDirectory, "rb_repo.dll");

    /// <summary>The dotnet host the tests run under, so the child uses the same runtime.</summary>
    private static string DotnetHost { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Starts rb_repo with redirected streams; the caller reads them (see <see cref="CollectAsync"/>).</summary>
    public static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        return Process.Start(info) ?? throw new InvalidOperationException("could not start rb_repo");
    }

    /// <summary>Reads both streams to their end and waits for the exit; kills a run that hangs.</summary>
    public static async Task<CliResult> CollectAsync(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"rb_repo did not finish within {Timeout}");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var process = Start(args);
        return await CollectAsync(process);
    }

    /// <summary>Runs and requires exit 0, showing everything the tool said when it did not.</summary>
    public static async Task<CliResult> RunOkAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == 0, $"rb_repo {string.Join(' ', args)} failed:\n{result}");
        return result;
    }
}
