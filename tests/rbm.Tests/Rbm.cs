namespace RuBackup.Manager.Tests;

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

    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var clean = new Dictionary<string, string> { ["PATH"] = SystemPath };
        foreach (var (key, value) in environment)
        {
            clean[key] = value;
        }
        using var process = ToolRun.Start(Dll, args, clean, cleanEnvironment: true);
        return await ToolRun.CollectAsync(process, Timeout);
    }
}
