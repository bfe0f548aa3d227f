namespace RuBackup.Client.Modules;

/// <summary>Where the module and its files are, as the client config names them.</summary>
public sealed record ModuleSettings
{
    /// <summary>The resource type the module serves (the server's rules name it).</summary>
    public string Type { get; init; } = "rustack";

    public required string ModulePath { get; init; }

    public required string ModuleConfig { get; init; }

    public required string MasterKeyFile { get; init; }

    /// <summary>The client's signing key (keys/client.key): every backup's manifest is signed with it.</summary>
    public required string SigningKeyFile { get; init; }

    /// <summary>The name the client registers as, recorded in each manifest next to its key.</summary>
    public required string ClientName { get; init; }

    /// <summary>PEM of the server's CA, passed to the module as RUBACKUP_SERVER_CA.</summary>
    public string? ServerCa { get; init; }

    /// <summary>Folder restores without a target go to RESTOREFOLDER/ARCHIVE-ID.</summary>
    public required string RestoreFolder { get; init; }

    /// <summary>export_folder: the module exports the archive of a rule with a post-backup script here (--export-folder).</summary>
    public required string ExportFolder { get; init; }

    public string ModuleName => Path.GetFileName(ModulePath);
}
