namespace RuBackup.Rustack;

/// <summary>Where orchestration reports progress and warnings (stderr in the CLI, a list in tests).</summary>
public sealed class ModuleLog(Action<string> write)
{
    public static readonly ModuleLog Silent = new(_ => { });

    private readonly List<string> _warnings = [];

    public IReadOnlyList<string> Warnings => _warnings;

    public void Info(string message) => write(message);

    public void Warn(string message)
    {
        lock (_warnings)
        {
            _warnings.Add(message);
        }
        write("warning: " + message);
    }
}
