using System.Text.Json;
using System.Text.Json.Serialization;
using RuBackup.Repository;
using RuBackup.Rustack;
using RuBackup.Rustack.Backup;
using RuBackup.Rustack.Cloud;
using RuBackup.Rustack.Config;

namespace RuBackup.RustackModule;

/// <summary>A wrong combination of options.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>Exit codes, output helpers, and the one place errors become a single stderr line.</summary>
internal static class Cli
{
    public const int ExitCheckFailed = 1;
    public const int ExitError = 2;

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static ModuleLog Log() => new(line => Console.Error.WriteLine("rb_module_rustack: " + line));

    /// <summary>curl_verbose goes to stderr, line by line, already redacted by the handler.</summary>
    public static void Verbose(string text) => Console.Error.WriteLine(text);

    public static int Fail(string message)
    {
        Console.Error.WriteLine("rb_module_rustack: error: " + message);
        return ExitError;
    }

    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception e) when (e is ConfigException or CloudException or GuestAgentException or RepositoryException or UsageException
                                      or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return Fail(e.Message);
        }
        catch (OperationCanceledException)
        {
            return Fail("cancelled (temporary resources were cleaned up)");
        }
    }

    public static void WriteJson<T>(T value) => Console.WriteLine(JsonSerializer.Serialize(value, Json));
}
