namespace RuBackup.Rustack.Config;

/// <summary>
/// What the module was asked to do. Each operation needs only some keys: `-l` must work on a file
/// where only the API access keys are filled in (the guide says so), so validation is per operation.
/// </summary>
public enum ModuleOperation
{
    List,
    Test,
    Backup,
    Restore,
}

public static class ModuleOperationExtensions
{
    /// <summary>Keys with no default that the operation cannot run without.</summary>
    public static IReadOnlyList<string> RequiredKeys(this ModuleOperation operation) => operation switch
    {
        ModuleOperation.List => ConfigKeys.ApiAccess,
        _ => [.. ConfigKeys.ApiAccess, ConfigKeys.RubackupVmId],
    };

    public static string Flag(this ModuleOperation operation) => operation switch
    {
        ModuleOperation.List => "-l",
        ModuleOperation.Test => "-t",
        ModuleOperation.Backup => "-b",
        _ => "-r",
    };
}
