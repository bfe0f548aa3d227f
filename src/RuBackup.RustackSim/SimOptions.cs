namespace RuBackup.RustackSim;

/// <summary>Everything the command line decides; bound once in Program and injected as IOptions-free singleton.</summary>
public sealed record SimOptions
{
    public required string StateDir { get; init; }
    public int Port { get; init; }
    public string? VmsFile { get; init; }
    public int OpDelayMs { get; init; } = 100;
    public int TokenLifetimeSeconds { get; init; } = 3600;
    public IReadOnlyList<string> Faults { get; init; } = [];
    /// <summary>Tests turn agents off when qemu-ga or unshare is missing; the product default is on.</summary>
    public bool GuestAgents { get; init; } = true;

    public string VolumesDir => Path.Combine(StateDir, "volumes");
    public string SnapshotsDir => Path.Combine(StateDir, "snapshots");
    public string ByIdDir => Path.Combine(StateDir, "by-id");
    public string VmsDir => Path.Combine(StateDir, "vms");
    public string HypervisorsDir => Path.Combine(StateDir, "hypervisors");
    public string StateFile => Path.Combine(StateDir, "state.json");
    public TimeSpan OpDelay => TimeSpan.FromMilliseconds(OpDelayMs);
}
