namespace RuBackup.Client.Config;

/// <summary>The keys of rubackup-client.conf.</summary>
public static class ClientConfigKeys
{
    public const string Server = "server";
    public const string Name = "name";
    public const string CentralizedRestore = "centralized_restore";
    public const string ModulePath = "module_path";
    public const string ModuleConfig = "module_config";
    public const string ServerCa = "server_ca";
    public const string PollWait = "poll_wait";
    public const string ResourceReportInterval = "resource_report_interval";
    public const string MaxTasks = "max_tasks";
    public const string ServerUnreachableLimit = "server_unreachable_limit";
    public const string ExportFolder = "export_folder";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Server, Name, CentralizedRestore, ModulePath, ModuleConfig, ServerCa, PollWait, ResourceReportInterval, MaxTasks, ServerUnreachableLimit, ExportFolder,
    };
}
