using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using RuBackup.Repository;
using RuBackup.Repository.Crypto;
using RuBackup.Repository.Engine;
using Spectre.Console;

namespace RuBackup.RepoTool;

/// <summary>Options every command shares, and the one place errors become exit codes.</summary>
internal static class CliSupport
{
    public const int ExitDamaged = 1;
    public const int ExitError = 2;

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static Option<string> RepoOption() => new("--repo") { Description = "Repository folder", Required = true };

    public static Option<string?> KeyOption() => new("--key") { Description = "Master key file (32 bytes)" };

    public static Option<bool> JsonOption() => new("--json") { Description = "Machine-readable output" };

    public static MasterKey? LoadKey(string? path) => path is null ? null : MasterKey.Load(path);

    /// <summary>Runs a command body: a RepositoryException is one line on stderr and exit 2, never a stack trace.</summary>
    public static void SetHandler(Command command, Func<ParseResult, CancellationToken, Task<int>> body)
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                return await body(parse, cancellationToken).ConfigureAwait(false);
            }
            catch (RepositoryException e)
            {
                await Console.Error.WriteLineAsync($"rb_repo: error: {e.Message}").ConfigureAwait(false);
                return ExitError;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"rb_repo: error: {e.Message}").ConfigureAwait(false);
                return ExitError;
            }
            catch (OperationCanceledException)
            {
                await Console.Error.WriteLineAsync("rb_repo: cancelled").ConfigureAwait(false);
                return ExitError;
            }
        });
    }

    public static void WriteJson<T>(T value) => Console.WriteLine(JsonSerializer.Serialize(value, Json));

    /// <summary>Accepts 4096, 256K, 256KiB, 1M, 4MiB, 1G.</summary>
    public static long ParseSize(string text, string what)
    {
        var trimmed = text.Trim();
        var split = trimmed.Length;
        while (split > 0 && !char.IsAsciiDigit(trimmed[split - 1]))
        {
            split--;
        }
        var unit = trimmed[split..].ToUpperInvariant().Replace("IB", "", StringComparison.Ordinal).Replace("B", "", StringComparison.Ordinal);
        long multiplier = unit switch
        {
            "" => 1,
            "K" => 1L << 10,
            "M" => 1L << 20,
            "G" => 1L << 30,
            _ => -1,
        };
        if (multiplier < 0 || !long.TryParse(trimmed[..split], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            throw new RepositoryException($"{what}: '{text}' is not a size (examples: 256K, 1M, 4MiB)");
        }
        return number * multiplier;
    }

    /// <summary>Accepts 12h, 30d, 2w, 6m (months of 30 days), 1y.</summary>
    public static TimeSpan ParseDuration(string text, string what)
    {
        var trimmed = text.Trim();
        if (trimmed.Length >= 2 && int.TryParse(trimmed[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            long? hoursPerUnit = char.ToLowerInvariant(trimmed[^1]) switch
            {
                'h' => 1,
                'd' => 24,
                'w' => 24 * 7,
                'm' => 24 * 30,
                'y' => 24 * 365,
                _ => null,
            };
            if (hoursPerUnit is { } unit)
            {
                // In long hours: an int count of days or years overflowed (or wrapped to a short window).
                var hours = n * unit;
                if (hours > (long)TimeSpan.MaxValue.TotalHours)
                {
                    throw new RepositoryException($"{what}: '{text}' is too long");
                }
                return TimeSpan.FromTicks(hours * TimeSpan.TicksPerHour);
            }
        }
        throw new RepositoryException($"{what}: '{text}' is not a duration (examples: 12h, 30d, 2w, 6m, 1y)");
    }

    public static string HumanBytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes} B" : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }

    /// <summary>
    /// Runs <paramref name="work"/> with a progress bar (throughput, ETA) on stderr when it is a
    /// terminal and --json is off; otherwise quietly.
    /// </summary>
    public static async Task<T> WithProgressAsync<T>(string label, bool json, Func<TransferProgress, Task<T>> work, bool bytes = true)
    {
        var progress = new TransferProgress();
        if (json || Console.IsErrorRedirected)
        {
            return await work(progress).ConfigureAwait(false);
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        ProgressColumn[] columns = bytes
            ? [new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn()]
            : [new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn()];
        await console.Progress().AutoClear(true).Columns(columns).StartAsync(async context =>
        {
            var task = context.AddTask(label, maxValue: 1);
            var running = work(progress);
            while (!running.IsCompleted)
            {
                task.MaxValue = Math.Max(1, progress.Total);
                task.Value = progress.Done;
                await Task.WhenAny(running, Task.Delay(200)).ConfigureAwait(false);
            }
            task.Value = task.MaxValue;
            result = await running.ConfigureAwait(false);
        }).ConfigureAwait(false);
        return result;
    }
}
