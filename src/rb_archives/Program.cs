using RuBackup.Client.Tools;
using RuBackup.Tools.Archives;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
return await ArchivesTool.RunAsync(args, ToolContext.FromConsole(), stop.Token).ConfigureAwait(false);
