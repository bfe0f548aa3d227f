using System.Text.Json;
using System.Text.Json.Serialization;
using RuBackup.RustackSim.Model;

namespace RuBackup.RustackSim.Services;

/// <summary>
/// The one owner of the cloud state. Every read and change happens under one lock (the cloud is tiny,
/// so contention is irrelevant and a single lock rules out torn states); every change is persisted
/// atomically (temporary file, fsync, rename) so a killed simulator restarts from a consistent state.
/// </summary>
public sealed class CloudStore
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Lock _gate = new();
    private readonly string _file;
    private CloudState _state;

    public CloudStore(SimOptions options, CloudSeeder seeder)
    {
        _file = options.StateFile;
        if (File.Exists(_file))
        {
            _state = JsonSerializer.Deserialize<CloudState>(File.ReadAllText(_file), Json)
                ?? throw new InvalidOperationException($"{_file}: empty state");
        }
        else
        {
            _state = seeder.Seed();
            Save();
        }
    }

    public T Read<T>(Func<CloudState, T> read)
    {
        lock (_gate)
        {
            return read(_state);
        }
    }

    public T Change<T>(Func<CloudState, T> change)
    {
        lock (_gate)
        {
            var result = change(_state);
            Save();
            return result;
        }
    }

    public void Change(Action<CloudState> change) => Change(s => { change(s); return 0; });

    private void Save()
    {
        var now = DateTimeOffset.UtcNow;
        _state.Tokens.RemoveAll(t => t.ExpiresAt < now);
        var temp = _file + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, _state, Json);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, _file, overwrite: true);
    }
}
