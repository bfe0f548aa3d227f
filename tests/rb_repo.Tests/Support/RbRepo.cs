using System.Diagnostics;

namespace RuBackup.RepoTool.Tests.Support;

/// <summary>Starts rb_repo as a real child process (<see cref="ToolRun"/>).</summary>
public static class RbRepo
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static string Dll { get; } = Path.Combine(AppContext.BaseDirectory, "rb_repo.dll");

    /// <summary>Starts rb_repo with redirected streams; the caller reads them (see <see cref="CollectAsync"/>).</summary>
    public static Process Start(params string[] args) => ToolRun.Start(Dll, args);

    public static Task<CliResult> CollectAsync(Process process) => ToolRun.CollectAsync(process, Timeout);

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
