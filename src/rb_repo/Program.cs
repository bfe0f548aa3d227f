using System.CommandLine;
using System.CommandLine.Help;
using System.Text.RegularExpressions;
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
    ExportCommand.Create(),
    ImportCommand.Create(),
};
var parse = root.Parse(args);
if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
{
    // Usage mistakes follow the same contract as every other error: one line on stderr, exit 2
    // (System.CommandLine's default prints the whole help page and exits 1).
    var command = parse.CommandResult.Command;
    var help = command is RootCommand ? "rb_repo --help" : $"rb_repo {command.Name} --help";
    await Console.Error.WriteLineAsync($"rb_repo: error: {string.Join(" ", parse.Errors.Select(e => Regex.Replace(e.Message, @"\s*\n\s*", " ")))} (see '{help}')").ConfigureAwait(false);
    return CliSupport.ExitError;
}
return await parse.InvokeAsync().ConfigureAwait(false);
