using System.Diagnostics;
using RuBackup.Client.Tools;

namespace RuBackup.Tools.Crypt.Tests.Support;

/// <summary>What one rbcrypt run left behind: exit code and both streams, whole.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>
/// Runs rbcrypt two ways: as a real child process (dotnet rbcrypt.dll from the test output folder,
/// like tests/rb_repo.Tests), so exit codes, streams and files are what a script sees; and in-process
/// through <see cref="CryptTool.RunAsync"/> for the many format cases that need no process each.
/// </summary>
public static class RbCrypt
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static string Dll { get; } = Path.Combine(AppContext.BaseDirectory, "rbcrypt.dll");

    private static string DotnetHost { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Starts rbcrypt with RUBACKUP_ROOT set to <paramref name="root"/> (a test folder, never /opt/rubackup).</summary>
    public static Process Start(string root, params string[] args)
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
        info.Environment["RUBACKUP_ROOT"] = root;
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        return Process.Start(info) ?? throw new InvalidOperationException("could not start rbcrypt");
    }

    public static async Task<CliResult> CollectAsync(Process process, string? input = null)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }
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
            throw new TimeoutException($"rbcrypt did not finish within {Timeout}");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    public static async Task<CliResult> RunAsync(string root, params string[] args)
    {
        using var process = Start(root, args);
        return await CollectAsync(process);
    }

    public static async Task<CliResult> RunWithInputAsync(string root, string input, params string[] args)
    {
        using var process = Start(root, args);
        return await CollectAsync(process, input);
    }

    public static async Task<CliResult> RunOkAsync(string root, params string[] args)
    {
        var result = await RunAsync(root, args);
        Assert.True(result.ExitCode == 0, $"rbcrypt {string.Join(' ', args)} failed:\n{result}");
        return result;
    }

    /// <summary>The same command in this process, with RUBACKUP_ROOT = <paramref name="root"/>.</summary>
    public static async Task<CliResult> InProcessAsync(string root, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new ToolContext
        {
            Out = output,
            Error = error,
            Environment = name => name == "RUBACKUP_ROOT" ? root : null,
        };
        var exit = await CryptTool.RunAsync(args, context, CancellationToken.None);
        return new CliResult(exit, output.ToString(), error.ToString());
    }
}
