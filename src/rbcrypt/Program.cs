using System.Runtime.InteropServices;
using RuBackup.Client.Tools;
using RuBackup.Tools.Crypt;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
// A post-backup script killed by its runner gets SIGTERM: stop the same way, so the temporary output goes too.
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});
return await CryptTool.RunAsync(args, ToolContext.FromConsole(), stop.Token).ConfigureAwait(false);
