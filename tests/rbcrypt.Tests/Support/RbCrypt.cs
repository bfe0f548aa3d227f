using System.Diagnostics;
using RuBackup.Client.Tools;

namespace RuBackup.Tools.Crypt.Tests.Support;

/// <summary>
/// Runs rbcrypt two ways: as a real child process (dotnet rbcrypt.dll from the test output folder,
/// like tests/rb_repo.Tests), so exit codes, streams and files are what a script sees; and in-process
/// through <see cref="CryptTool.RunAsync"/> for the many format cases that need no process each.
/// </summary>
public static class RbCrypt
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static string Dll { get; } = Path.Combine(AppContext.BaseDirectory, "rbcrypt.dll");

    /// <summary>Starts rbcrypt with RUBACKUP_ROOT set to <paramref name="root"/> (a test folder, never /opt/rubackup).</summary>
    public static Process Start(string root, params string[] args) =>
        ToolRun.Start(Dll, args, new Dictionary<string, string> { ["RUBACKUP_ROOT"] = root });

    public static Task<CliResult> CollectAsync(Process process, string? input = null) => ToolRun.CollectAsync(process, Timeout, input);

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
