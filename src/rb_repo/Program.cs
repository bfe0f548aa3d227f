using System.CommandLine;
using RuBackup.RepoTool;

var root = new RootCommand("rb_repo: maintain a RuBackup repository (pool) of block-device archives")
{
    KeygenCommand.Create(),
    InitCommand.Create(),
    BackupCommand.Create(),
    ListCommand.Create(),
    RestoreCommand.Create(),
    VerifyCommand.Create(),
    PruneCommand.Create(),
    GcCommand.Create(),
    StatsCommand.Create(),
};
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
