namespace RuBackup.Client.Config;

/// <summary>The client's settings ($RUBACKUP_ROOT/etc/rubackup-client.conf), defaults applied.</summary>
public sealed record ClientConfig
{
    public required string File { get; init; }

    /// <summary>The server's base URL (http or https).</summary>
    public required Uri Server { get; init; }

    /// <summary>The name the client registers under (default: the host name).</summary>
    public required string Name { get; init; }

    /// <summary>No: the server refuses restores of this client's archives started from the server.</summary>
    public bool CentralizedRestore { get; init; } = true;

    public required string ModulePath { get; init; }

    public required string ModuleConfig { get; init; }

    /// <summary>Where a backup whose rule has a post-backup script leaves the archive's export file (ID.rbexport).</summary>
    public required string ExportFolder { get; init; }

    /// <summary>PEM of the CA the server's certificate must chain to (TLS with the server's own CA).</summary>
    public string? ServerCa { get; init; }

    /// <summary>How long one long poll for a task waits on the server.</summary>
    public TimeSpan PollWait { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan ResourceReportInterval { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Tasks run at once (each its own module process).</summary>
    public int MaxTasks { get; init; } = 1;

    /// <summary>How long a running task keeps going while its reports cannot reach the server.</summary>
    public TimeSpan ServerUnreachableLimit { get; init; } = TimeSpan.FromSeconds(600);
}
