using System.CommandLine;
using System.Runtime.InteropServices;
using RuBackup.RustackModule;

// Ctrl-C and SIGTERM cancel the run but do not end the process: the cleanup stack must get to
// remove what the run created in the cloud. (System.CommandLine's own handling would exit after 2 s.)
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

var root = ModuleCommand.Create(stop.Token);
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
