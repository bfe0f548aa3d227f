using RuBackup.Rustack.Backup;
using RuBackup.Rustack.Cloud;
using RuBackup.Rustack.Config;

namespace RuBackup.RustackModule;

/// <summary>
/// `-t`: each check on its own line with OK or the reason. Later checks that depend on a failed one
/// are reported as skipped, so the first FAIL is the one to fix.
/// </summary>
internal static class CheckAction
{
    public static async Task<int> RunAsync(string configPath, CancellationToken stop)
    {
        var ok = true;
        void Report(string check, string? failure)
        {
            ok &= failure is null;
            Console.WriteLine(failure is null ? $"OK    {check}" : $"FAIL  {check}: {failure}");
        }
        async Task<bool> Check(string check, Func<Task<string?>> body)
        {
            try
            {
                Report(check, await body().ConfigureAwait(false));
            }
            catch (Exception e) when (e is CloudException or GuestAgentException or IOException or HttpRequestException or TaskCanceledException)
            {
                Report(check, e.Message);
                return false;
            }
            return ok;
        }

        RustackConfig config;
        try
        {
            config = ConfigParser.Load(configPath, ModuleOperation.Test);
            Report($"configuration file {configPath}", null);
            foreach (var warning in config.Warnings)
            {
                Console.WriteLine($"      warning: {warning}");
            }
        }
        catch (ConfigException e)
        {
            Report("configuration file", e.Message);
            return Cli.ExitCheckFailed;
        }

        using var cloud = RustackCloud.Create(config, Cli.Verbose);
        using var http = new HttpClient(HttpTransport.Create(config, null)) { Timeout = config.Timeout };
        var passed = await Check($"API reachable at {config.IdentityUri}", async () =>
        {
            using var response = await http.GetAsync(config.IdentityUri, stop).ConfigureAwait(false);
            return null;
        }).ConfigureAwait(false)
            && await Check($"authentication as {config.Username} (domain {config.Domain})", async () =>
            {
                await cloud.UserClient.Session.TokenAsync(stop).ConfigureAwait(false);
                return null;
            }).ConfigureAwait(false)
            && await Check($"project {config.ProjectId} access (compute and block storage)", async () =>
            {
                await cloud.Nova.ListServersAsync(stop).ConfigureAwait(false);
                await cloud.Cinder.ListVolumesAsync(stop).ConfigureAwait(false);
                return null;
            }).ConfigureAwait(false)
            && await Check($"rubackup-vm-id {config.RubackupVmId} exists", async () =>
                await cloud.Nova.FindServerAsync(config.RubackupVmId!, stop).ConfigureAwait(false) is null ? "no such VM in the project (see -l)" : null).ConfigureAwait(false);

        if (passed && cloud.AdminNova is not null)
        {
            IReadOnlyList<Server> adminView = [];
            var admin = await Check($"admin credentials ({config.AdminName})", async () =>
            {
                adminView = await cloud.AdminNova.ListServersAsync(stop).ConfigureAwait(false);
                return adminView.Any(s => s.Host is not null || s.HypervisorHostname is not null)
                    ? null
                    : "the admin token does not show hypervisor hosts (OS-EXT-SRV-ATTR:host); is the user an admin?";
            }).ConfigureAwait(false);
            if (admin)
            {
                foreach (var host in adminView.Select(s => s.Host ?? s.HypervisorHostname).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                {
                    var agent = new GuestAgent(config, new ProcessRunner(), TimeProvider.System, host, "");
                    await Check($"hypervisor {host} reachable for guest scripts ({agent.ConnectionUri})", async () =>
                    {
                        var result = await agent.VersionAsync(stop).ConfigureAwait(false);
                        return result.ExitCode == 0 ? null : $"{config.Virsh} exited with {result.ExitCode}: {(result.Error + result.Output).ReplaceLineEndings(" ").Trim()}";
                    }).ConfigureAwait(false);
                }
            }
        }
        else if (passed && cloud.AdminNova is null)
        {
            Console.WriteLine("      admin credentials not set: guest scripts will be skipped");
        }
        return ok ? 0 : Cli.ExitCheckFailed;
    }
}
