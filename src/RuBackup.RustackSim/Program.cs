using System.CommandLine;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using RuBackup.RustackSim;
using RuBackup.RustackSim.Api;
using RuBackup.RustackSim.Services;

var state = new Option<string>("--state") { Description = "State folder (JSON state, sparse volume files, agents)", Required = true };
var port = new Option<int>("--port") { Description = "TCP port on 127.0.0.1 (0 = any free port; see sim.json)", DefaultValueFactory = _ => 0 };
var vms = new Option<string?>("--vms") { Description = "VMs file (JSON); without it the default cloud" };
var delay = new Option<int>("--op-delay-ms") { Description = "Time each status transition takes", DefaultValueFactory = _ => 100 };
var tokenLifetime = new Option<int>("--token-lifetime-seconds") { Description = "Keystone token lifetime", DefaultValueFactory = _ => 3600 };
var faults = new Option<string[]>("--fault") { Description = "OP:MODE[:COUNT], repeatable", AllowMultipleArgumentsPerToken = false };
var noAgents = new Option<bool>("--no-guest-agents") { Description = "Do not start qemu-ga (hosts without it or without root)" };
var serve = new Command("serve", "Run the simulated RUSTACK cloud on 127.0.0.1") { state, port, vms, delay, tokenLifetime, faults, noAgents };
serve.SetAction(async (parse, cancellationToken) =>
{
    var options = new SimOptions
    {
        StateDir = Path.GetFullPath(parse.GetRequiredValue(state)),
        Port = parse.GetValue(port),
        VmsFile = parse.GetValue(vms) is { } file ? Path.GetFullPath(file) : null,
        OpDelayMs = parse.GetValue(delay),
        TokenLifetimeSeconds = parse.GetValue(tokenLifetime),
        Faults = parse.GetValue(faults) ?? [],
        GuestAgents = !parse.GetValue(noAgents),
    };
    try
    {
        foreach (var spec in options.Faults)
        {
            FaultInjector.Parse(spec);
        }
    }
    catch (FormatException e)
    {
        await Console.Error.WriteLineAsync($"rustack-sim: error: {e.Message}").ConfigureAwait(false);
        return 2;
    }
    Directory.CreateDirectory(options.StateDir);
    await using var app = SimApp.Build(options);
    await app.StartAsync(cancellationToken).ConfigureAwait(false);
    var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    StartupFiles.Write(options, app.Services.GetRequiredService<CloudStore>(), url);
    Console.WriteLine($"rustack-sim: listening on {url}, state in {options.StateDir}");
    await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
    return 0;
});
var root = new RootCommand("rustack-sim: a simulated RUSTACK (OpenStack) cloud for tests and demos") { serve };
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);

namespace RuBackup.RustackSim
{
    /// <summary>The composition root: services, then one Map*Api per resource.</summary>
    public static class SimApp
    {
        public static WebApplication Build(SimOptions options)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            // Nothing may leave the machine: loopback only.
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
            builder.Services.AddSingleton(options);
            builder.Services.AddSingleton(TimeProvider.System);
            builder.Services.AddSingleton<VolumeFiles>();
            builder.Services.AddSingleton<CloudSeeder>();
            builder.Services.AddSingleton<CloudStore>();
            builder.Services.AddSingleton<FaultInjector>();
            builder.Services.AddSingleton<TokenService>();
            builder.Services.AddSingleton<VolumeOperations>();
            builder.Services.AddSingleton<SnapshotOperations>();
            builder.Services.AddSingleton<ServerOperations>();
            builder.Services.AddHostedService<GuestAgentSupervisor>();
            builder.Services.AddHostedService<StatusMover>();
            var app = builder.Build();
            app.Use(ApiSupport.HandleErrors);
            app.MapIdentityApi();
            app.MapComputeVersions();
            app.MapServersApi();
            app.MapAttachmentsApi();
            app.MapFlavorsApi();
            app.MapBlockStorageVersions();
            app.MapVolumesApi();
            app.MapSnapshotsApi();
            app.MapImagesApi();
            app.MapNetworksApi();
            app.MapSimAdminApi();
            return app;
        }
    }
}
