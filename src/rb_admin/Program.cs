using RuBackup.Client.Tools;
using RuBackup.Tools.Admin;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
return await AdminTool.RunAsync(args, ToolContext.FromConsole(), stop.Token).ConfigureAwait(false);
