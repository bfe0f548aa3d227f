namespace RuBackup.Rustack.Backup;

/// <summary>
/// Which runs are alive on this backup VM: each run holds an exclusive lock on RUN_ID.lock in a
/// local folder for its whole life. The lock dies with the process (even on kill -9), so a run
/// whose file is unlocked, or absent, is dead and its cloud leftovers may be removed.
/// </summary>
public sealed class RunRegistry
{
    public RunRegistry(string folder) => Folder = folder;

    public string Folder { get; }

    /// <summary>Default folder: under the RuBackup root, else the temp folder when that is not writable.</summary>
    public static RunRegistry Default()
    {
        var root = Environment.GetEnvironmentVariable("RUBACKUP_ROOT");
        var folder = Path.Combine(string.IsNullOrWhiteSpace(root) ? "/opt/rubackup" : root, "var", "rustack-runs");
        try
        {
            Directory.CreateDirectory(folder);
            return new RunRegistry(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new RunRegistry(Path.Combine(Path.GetTempPath(), "rubackup-rustack-runs"));
        }
    }

    /// <summary>Takes the run's lock; dispose the result when the run ends.</summary>
    public IDisposable Register(string runId)
    {
        Directory.CreateDirectory(Folder);
        var path = PathOf(runId);
        var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        return stream;
    }

    public bool IsAlive(string runId)
    {
        var path = PathOf(runId);
        if (!File.Exists(path))
        {
            return false;
        }
        try
        {
            // .NET takes an exclusive flock for FileShare.None: it fails while the owner holds it.
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    private string PathOf(string runId)
    {
        if (runId.Length == 0 || runId.IndexOfAny(['/', '\\', '\0']) >= 0 || runId.StartsWith('.'))
        {
            throw new ArgumentException($"'{runId}' is not a run id", nameof(runId));
        }
        return Path.Combine(Folder, runId + ".lock");
    }
}
