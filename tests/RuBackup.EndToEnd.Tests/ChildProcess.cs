using System.Diagnostics;
using System.Text;

namespace RuBackup.EndToEnd.Tests;

public sealed record ToolResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>
/// One of the product's programs as a child process (dotnet DLL from the Release/Debug build), its
/// output kept in memory so a failing test can show it.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private static readonly string Configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ChildProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The build output of a src/ project: DLL for `dotnet`, or the apphost next to it.</summary>
    public static string Built(string project, string assembly, bool apphost = false) =>
        Path.Combine(SimProcess.Root, "src", project, "bin", Configuration, "net10.0", apphost ? assembly : assembly + ".dll");

    public static ChildProcess Start(string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment) =>
        new(Process.Start(StartInfo(dll, arguments, environment))!);

    public static async Task<ToolResult> RunAsync(string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan? timeout = null)
    {
        using var process = Process.Start(StartInfo(dll, arguments, environment))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(4));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(dll)} {string.Join(' ', arguments)} did not finish:\n{await stdout}\n{await stderr}");
        }
        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>SIGTERM and wait (the programs stop cleanly on it); SIGKILL when <paramref name="kill"/>.</summary>
    public void Stop(bool kill = false)
    {
        if (_process.HasExited)
        {
            return;
        }
        if (kill)
        {
            _process.Kill(entireProcessTree: false);
        }
        else
        {
            using var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            term.WaitForExit();
        }
        if (!_process.WaitForExit(20000))
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>SIGKILL to the process and all its descendants, at once.</summary>
    public void KillTree()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static ProcessStartInfo StartInfo(string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        return start;
    }
}
