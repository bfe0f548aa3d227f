using RuBackup.Rustack.Cloud;
using RuBackup.Rustack.Config;

namespace RuBackup.RustackModule;

/// <summary>`-l`: the project's VMs (what an operator copies rubackup-vm-id from).</summary>
internal static class ListAction
{
    public static async Task<int> RunAsync(string configPath, bool json, CancellationToken stop)
    {
        var config = ConfigParser.Load(configPath, ModuleOperation.List);
        using var cloud = RustackCloud.Create(config, Cli.Verbose);
        var servers = (await cloud.Nova.ListServersAsync(stop).ConfigureAwait(false)).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        if (json)
        {
            Cli.WriteJson(servers.Select(s => new { s.Name, s.Id, s.Status }));
            return 0;
        }
        var nameWidth = Math.Max(4, servers.Select(s => s.Name.Length).DefaultIfEmpty(0).Max());
        var idWidth = Math.Max(2, servers.Select(s => s.Id.Length).DefaultIfEmpty(0).Max());
        Console.WriteLine($"{"NAME".PadRight(nameWidth)}  {"ID".PadRight(idWidth)}  STATUS");
        foreach (var server in servers)
        {
            Console.WriteLine($"{server.Name.PadRight(nameWidth)}  {server.Id.PadRight(idWidth)}  {server.Status}");
        }
        return 0;
    }
}
