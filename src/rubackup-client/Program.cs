using System.CommandLine;
using System.CommandLine.Help;
using System.Text.RegularExpressions;
using RuBackup.Client.Config;
using RuBackup.Client.Daemon;
using RuBackup.Client.Tools;

// SIGTERM and Ctrl-C stop the daemon cleanly: a running module gets SIGTERM (it removes its cloud
// resources), its task is reported as interrupted, then the process exits 0.
using var stop = new StopSignals();

var config = new Option<string?>("--config", "-c") { Description = "Client configuration (default: $RUBACKUP_ROOT/etc/rubackup-client.conf, RUBACKUP_ROOT=/opt/rubackup)", HelpName = "FILE" };
var quiet = new Option<bool>("--quiet", "-q") { Description = "Write log records only to $RUBACKUP_ROOT/log/RuBackup.log, not also to stderr" };
var root = new RootCommand("rubackup-client: the RuBackup client daemon: registers with the server, takes backup and restore tasks and runs the modules")
{
    config, quiet,
};
root.SetAction((parse, _) => ClientDaemon.RunAsync(ClientPaths.FromEnvironment(), parse.GetValue(config), Console.Error, echo: !parse.GetValue(quiet), stop.Token));

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
{
    await Console.Error.WriteLineAsync($"rubackup-client: error: {string.Join(" ", parsed.Errors.Select(e => Regex.Replace(e.Message, @"\s*\n\s*", " ")))} (see 'rubackup-client --help')").ConfigureAwait(false);
    return ClientDaemon.ExitError;
}
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
