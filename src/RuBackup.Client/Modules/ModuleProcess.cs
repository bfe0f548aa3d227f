using System.Diagnostics;
using System.Text;

namespace RuBackup.Client.Modules;

/// <summary>What sets a child other than the module apart (the post-backup script).</summary>
public sealed record ChildOptions
{
    /// <summary>Names the program in the error when it cannot start ("the module", "the post-backup script").</summary>
    public string Role { get; init; } = "the module";

    /// <summary>Stdout lines are log lines too, as they come (a script has no JSON result); <see cref="ModuleProcess.Stdout"/> stays empty then.</summary>
    public bool StdoutLines { get; init; }

    /// <summary>Variables of the client's own environment the child must not inherit (a secret).</summary>
    public IReadOnlyList<string> Unset { get; init; } = [];
}

/// <summary>
/// One run of the module: stderr read line by line as it comes (progress and log), stdout kept whole
/// (it ends with the JSON result). Stopping is SIGTERM first, because on SIGTERM the module removes the
/// snapshots and volumes it made in the cloud; SIGKILL only after a grace period. The post-backup
/// script runs the same way (<see cref="ChildOptions"/>).
/// </summary>
public sealed class ModuleProcess : IDisposable
{
    private const int KeptErrorLines = 20;

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly Queue<ModuleLine.Log> _lastLines = new();
    private readonly Task _stdoutDone;
    private readonly Task _stderrDone;

    private ModuleProcess(Process process, Action<ModuleLine> onLine, string moduleName, bool stdoutLines)
    {
        _process = process;
        _stdoutDone = stdoutLines
            ? Task.Run(() => ReadLinesAsync(process.StandardOutput, onLine, moduleName))
            : Task.Run(async () =>
            {
                var buffer = new char[8192];
                int read;
                while ((read = await process.StandardOutput.ReadAsync(buffer).ConfigureAwait(false)) > 0)
                {
                    lock (_stdout)
                    {
                        _stdout.Append(buffer, 0, read);
                    }
                }
            });
        _stderrDone = Task.Run(() => ReadLinesAsync(process.StandardError, onLine, moduleName));
    }

    /// <summary>Hands every non-empty line to <paramref name="onLine"/> as it comes and keeps the last log lines.</summary>
    private async Task ReadLinesAsync(StreamReader reader, Action<ModuleLine> onLine, string moduleName)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }
            var parsed = ModuleLine.Parse(line, moduleName);
            if (parsed is ModuleLine.Log log)
            {
                lock (_lastLines)
                {
                    _lastLines.Enqueue(log);
                    if (_lastLines.Count > KeptErrorLines)
                    {
                        _lastLines.Dequeue();
                    }
                }
            }
            onLine(parsed);
        }
    }

    public int Id => _process.Id;

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    /// <summary>The last log lines (without progress), for the error of a failed run.</summary>
    public IReadOnlyList<ModuleLine.Log> LastLines
    {
        get
        {
            lock (_lastLines)
            {
                return [.. _lastLines];
            }
        }
    }

    public static ModuleProcess Start(string path, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, Action<ModuleLine> onLine, ChildOptions? options = null)
    {
        options ??= new ChildOptions();
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(onLine);
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var name in options.Unset)
        {
            info.Environment.Remove(name);
        }
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new TaskSetupException($"cannot start {options.Role} {path}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new TaskSetupException($"cannot start {options.Role} {path}: {e.Message}", e);
        }
        // Nothing to read from us: a module that asks for input gets end-of-file, not a hang.
        process.StandardInput.Close();
        return new ModuleProcess(process, onLine, Path.GetFileName(path), options.StdoutLines);
    }

    /// <summary>Waits for the exit and for both streams to be read to their end; returns the exit code.</summary>
    public async Task<int> WaitAsync(CancellationToken cancellationToken = default)
    {
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        // A child the module left behind may hold the pipes open; its output is not the module's.
        await Task.WhenAny(Task.WhenAll(_stdoutDone, _stderrDone), Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None)).ConfigureAwait(false);
        return _process.ExitCode;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>SIGTERM, then SIGKILL (with its children) if it has not exited after <paramref name="grace"/>; returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan grace, TimeProvider? time = null)
    {
        if (!_process.HasExited)
        {
            PosixSignals.Terminate(_process.Id);
        }
        using var timeout = new CancellationTokenSource(grace, time ?? TimeProvider.System);
        try
        {
            return await WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            return await WaitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Exited in between.
            }
        }
        _process.Dispose();
    }
}
