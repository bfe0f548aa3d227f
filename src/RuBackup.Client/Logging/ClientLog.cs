using System.Globalization;
using System.Text.RegularExpressions;

namespace RuBackup.Client.Logging;

/// <summary>
/// $ROOT/log/RuBackup.log: appended, one line per event, "2025-01-31T12:00:00.000Z LEVEL message" in UTC.
/// Lines are flushed as written so a crash loses nothing already logged. Nothing secret is passed in;
/// as a second fence, anything shaped like a bearer token is masked.
/// </summary>
public sealed partial class ClientLog : IDisposable
{
    private readonly StreamWriter? _file;
    private readonly TextWriter? _echo;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();

    /// <param name="file">Null: no file (tests, tools that only echo).</param>
    /// <param name="echo">Also write each line here (the daemon's stderr).</param>
    public ClientLog(string? file, TextWriter? echo = null, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _echo = echo;
        if (file is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            var stream = new FileStream(file, new FileStreamOptions
            {
                Mode = FileMode.Append,
                Access = FileAccess.Write,
                Share = FileShare.ReadWrite,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead,
            });
            _file = new StreamWriter(stream) { AutoFlush = true };
        }
    }

    public static ClientLog Null { get; } = new(null);

    public void Info(string message) => Write("INFO", message);

    public void Warn(string message) => Write("WARN", message);

    public void Error(string message) => Write("ERROR", message);

    public void Write(string level, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = BearerToken().Replace(string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)), "Bearer ***");
        var line = string.Create(CultureInfo.InvariantCulture, $"{_time.GetUtcNow().UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} {level} {text}");
        lock (_gate)
        {
            try
            {
                _file?.WriteLine(line);
            }
            catch (IOException)
            {
                // A full disk must not stop the backups the log is about; the echo still carries the line.
            }
            _echo?.WriteLine(line);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _file?.Dispose();
        }
    }

    [GeneratedRegex(@"Bearer\s+\S+", RegexOptions.IgnoreCase)]
    private static partial Regex BearerToken();
}
