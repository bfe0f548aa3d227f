using RuBackup.Client.Tools;
using RuBackup.Tools.Tasks;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
return await TasksTool.RunAsync(args, ToolContext.FromConsole(), stop.Token).ConfigureAwait(false);
