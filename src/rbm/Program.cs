using RuBackup.Client.Tools;
using RuBackup.Tools.Manager;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
return await ManagerTool.RunAsync(args, ToolContext.FromConsole(), stop.Token).ConfigureAwait(false);
