namespace RuBackup.Rustack.Config;

/// <summary>Every key the file may hold: the product's own and our documented extensions.</summary>
public static class ConfigKeys
{
    public const string Url = "url";
    public const string Username = "username";
    public const string Password = "password";
    public const string Domain = "domain";
    public const string ProjectId = "project_id";
    public const string Timeout = "timeout";
    public const string VolumeCreationTimeout = "volume_creation_timeout";
    public const string SnapshotCreationTimeout = "snapshot_creation_timeout";
    public const string VolumeAttachmentTimeout = "volume_attachment_timeout";
    public const string RubackupVmId = "rubackup-vm-id";
    public const string AdminName = "admin_name";
    public const string AdminPassword = "admin_password";
    public const string Protocol = "protocol";
    public const string EnableSsl = "enable_ssl";
    public const string CaInfo = "ca_info";
    public const string CurlVerbose = "curl_verbose";
    public const string ByIdDir = "by_id_dir";
    public const string Virsh = "virsh";
    public const string ScriptBeforeSnapshot = "script_before_snapshot";
    public const string ScriptAfterSnapshot = "script_after_snapshot";

    /// <summary>What `-l` needs (timeout has a default, so only the five without one are listed).</summary>
    public static readonly IReadOnlyList<string> ApiAccess = [Url, Username, Password, Domain, ProjectId];

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Url, Username, Password, Domain, ProjectId, Timeout, VolumeCreationTimeout, SnapshotCreationTimeout,
        VolumeAttachmentTimeout, RubackupVmId, AdminName, AdminPassword, Protocol, EnableSsl, CaInfo,
        CurlVerbose, ByIdDir, Virsh, ScriptBeforeSnapshot, ScriptAfterSnapshot,
    };

    /// <summary>Optional keys: the installed file ships some of them uncommented with placeholders.</summary>
    public static readonly IReadOnlySet<string> Optional = new HashSet<string>(StringComparer.Ordinal)
    {
        AdminName, AdminPassword, Protocol, EnableSsl, CaInfo, CurlVerbose, ByIdDir, Virsh,
        ScriptBeforeSnapshot, ScriptAfterSnapshot,
    };
}
