using RuBackup.Client.Tools;
using RuBackup.Tools.Crypt;

// A post-backup script killed by its runner gets SIGTERM: stop like on Ctrl-C, so the temporary output goes too.
using var stop = new StopSignals();
return await CryptTool.RunAsync(args, ToolContext.FromConsole(), stop.Token).ConfigureAwait(false);
