namespace RuBackup.Client.Config;

/// <summary>
/// Every product path of a client under its root (RUBACKUP_ROOT, default /opt/rubackup). Tests and
/// tools take one of these instead of reading the environment themselves.
/// </summary>
public sealed record ClientPaths(string Root)
{
    public const string DefaultRoot = "/opt/rubackup";

    public const string RootVariable = "RUBACKUP_ROOT";

    public string ConfigFile => Path.Combine(Root, "etc", "rubackup-client.conf");

    public string KeysFolder => Path.Combine(Root, "keys");

    /// <summary>32 random bytes that encrypt the client's archives; never leaves this machine.</summary>
    public string MasterKey => Path.Combine(KeysFolder, "master-key");

    public string SigningKey => Path.Combine(KeysFolder, "client.key");

    public string PublicKey => Path.Combine(KeysFolder, "client.pub");

    public string LogFile => Path.Combine(Root, "log", "RuBackup.log");

    /// <summary>The id the server gave at registration, so the tools can ask for a token without registering.</summary>
    public string ClientIdFile => Path.Combine(Root, "var", "client.id");

    public string DefaultModule => Path.Combine(Root, "modules", "rb_module_rustack");

    public string DefaultModuleConfig => Path.Combine(Root, "etc", "rb_module_rustack.conf");

    /// <summary>Where folder restores (rb_archives -X) land when no folder is given: RESTORE/ARCHIVE-ID.</summary>
    public string RestoreFolder => Path.Combine(Root, "restore");

    /// <summary>Where archives are exported for the rules' post-backup scripts (export_folder's default); created 0700 when first needed.</summary>
    public string ExportFolder => Path.Combine(Root, "exports");

    public static ClientPaths FromEnvironment(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var root = environment(RootVariable);
        return new ClientPaths(string.IsNullOrWhiteSpace(root) ? DefaultRoot : Path.GetFullPath(root));
    }
}
