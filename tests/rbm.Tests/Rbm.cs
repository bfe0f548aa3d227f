using System.Diagnostics;

namespace RuBackup.Manager.Tests;

public sealed record RbmResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>
/// Runs the built rbm (dotnet rbm.dll) as a child process with a clean environment: only what the test
/// gives, plus a PATH, so no display, server URL or root of the machine running the tests leaks in.
/// </summary>
public static class Rbm
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    public static string Dll { get; } = Path.Combine(AppContext.BaseDirectory, "rbm.dll");

    /// <summary>The PATH a clean environment gets unless the test gives its own.</summary>
    public const string SystemPath = "/usr/local/bin:/usr/bin:/bin";

    private static string DotnetHost { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "dotnet")).FirstOrDefault(File.Exists) ?? "dotnet";

    public static async Task<RbmResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
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
        info.Environment.Clear();
        info.Environment["PATH"] = SystemPath;
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start rbm");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"rbm did not finish within {Timeout}");
        }
        return new RbmResult(process.ExitCode, await stdout, await stderr);
    }
}
