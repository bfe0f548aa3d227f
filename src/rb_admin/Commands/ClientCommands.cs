using System.CommandLine;
using System.Globalization;
using RuBackup.Api;
using RuBackup.Client.Tools;

namespace RuBackup.Tools.Admin.Commands;

/// <summary>clients list|show|authorize|revoke|delete|resources|set-group; a client is given by id or name.</summary>
internal static class ClientCommands
{
    public static Command Create(AdminContext admin)
    {
        var clients = new Command("clients", "Client machines: authorize new ones, revoke, group, see their resources");

        var unauthorized = new Option<bool>("--unauthorized") { Description = "Only clients waiting for authorization" };
        var list = new Command("list", "List the clients") { unauthorized };
        admin.Handle(list, async (parse, api, ct) =>
        {
            var all = await api.ListClientsAsync(parse.GetValue(unauthorized) ? ClientStatus.Unauthorized : null, ct).ConfigureAwait(false);
            if (admin.AsJson(parse))
            {
                ToolOutput.Json(admin.Tool, all);
                return 0;
            }
            ToolOutput.Table(admin.Tool, ["ID", "NAME", "HOST", "STATUS", "GROUP", "MODULES", "RESTORE", "LAST SEEN", "KEY"], all.Select(c => (IReadOnlyList<string>)
            [
                c.Id.ToString(CultureInfo.InvariantCulture),
                c.Name,
                c.Hostname,
                ToolOutput.Lower(c.Status),
                c.Group ?? "-",
                c.Modules.Count == 0 ? "-" : string.Join(",", c.Modules),
                c.CentralizedRestore ? "central" : "local only",
                ToolOutput.Time(c.LastSeen),
                c.KeyFingerprint.Length > 16 ? c.KeyFingerprint[..16] : c.KeyFingerprint,
            ]));
            return 0;
        });
        clients.Subcommands.Add(list);

        clients.Subcommands.Add(One(admin, "show", "Show one client", async (api, id, ct) => await api.GetClientAsync(id, ct).ConfigureAwait(false), null));
        clients.Subcommands.Add(One(admin, "authorize", "Authorize a client: from now on it takes tasks and may reach the pools", (api, id, ct) => api.AuthorizeClientAsync(id, ct), c => $"client {c.Name} ({c.Id}) authorized"));
        clients.Subcommands.Add(One(admin, "revoke", "Revoke a client's authorization: no more tasks or data for it", (api, id, ct) => api.RevokeClientAsync(id, ct), c => $"client {c.Name} ({c.Id}) revoked"));

        var deleteClient = new Argument<string>("CLIENT") { Description = "Id or name" };
        var delete = new Command("delete", "Delete a client's record (it registers again, unauthorized, when it next starts)") { deleteClient };
        admin.Handle(delete, async (parse, api, ct) =>
        {
            var id = await AdminContext.ResolveClientAsync(api, parse.GetRequiredValue(deleteClient), ct).ConfigureAwait(false);
            await api.DeleteClientAsync(id, ct).ConfigureAwait(false);
            return UserCommands.Done(admin, parse, $"client {id} deleted");
        });
        clients.Subcommands.Add(delete);

        var resourcesClient = new Argument<string>("CLIENT") { Description = "Id or name" };
        var resources = new Command("resources", "What the client can back up (its module's -l list, as last reported)") { resourcesClient };
        admin.Handle(resources, async (parse, api, ct) =>
        {
            var id = await AdminContext.ResolveClientAsync(api, parse.GetRequiredValue(resourcesClient), ct).ConfigureAwait(false);
            var all = await api.GetClientResourcesAsync(id, ct).ConfigureAwait(false);
            if (admin.AsJson(parse))
            {
                ToolOutput.Json(admin.Tool, all);
            }
            else
            {
                ToolOutput.Table(admin.Tool, ["TYPE", "ID", "NAME", "STATUS"], all.Select(r => (IReadOnlyList<string>)[r.Type, r.Id, r.Name, r.Status]));
            }
            return 0;
        });
        clients.Subcommands.Add(resources);

        var groupClient = new Argument<string>("CLIENT") { Description = "Id or name" };
        var group = new Argument<string?>("GROUP") { Description = "Cluster group name", Arity = ArgumentArity.ZeroOrOne };
        var clear = new Option<bool>("--clear") { Description = "Take the client out of its group" };
        var setGroup = new Command("set-group", "Put a client into a cluster group (rules for the group run on any of its clients)") { groupClient, group, clear };
        admin.Handle(setGroup, async (parse, api, ct) =>
        {
            var name = parse.GetValue(group);
            var clearing = parse.GetValue(clear);
            if ((name is null) == !clearing)
            {
                throw new UsageException("give a GROUP or --clear");
            }
            var id = await AdminContext.ResolveClientAsync(api, parse.GetRequiredValue(groupClient), ct).ConfigureAwait(false);
            var client = await api.UpdateClientAsync(id, clearing ? new UpdateClientRequest(ClearGroup: true) : new UpdateClientRequest(Group: name), ct).ConfigureAwait(false);
            return UserCommands.Print(admin, parse, client, client.Group is null ? $"client {client.Name} is in no group" : $"client {client.Name} is in group {client.Group}");
        });
        clients.Subcommands.Add(setGroup);
        return clients;
    }

    private static Command One(AdminContext admin, string verb, string description, Func<RuBackup.Client.Api.RuBackupApiClient, long, CancellationToken, Task<ClientInfo>> call, Func<ClientInfo, string>? text)
    {
        var client = new Argument<string>("CLIENT") { Description = "Id or name" };
        var command = new Command(verb, description) { client };
        admin.Handle(command, async (parse, api, ct) =>
        {
            var id = await AdminContext.ResolveClientAsync(api, parse.GetRequiredValue(client), ct).ConfigureAwait(false);
            var info = await call(api, id, ct).ConfigureAwait(false);
            if (text is not null || admin.AsJson(parse))
            {
                return UserCommands.Print(admin, parse, info, text?.Invoke(info) ?? "");
            }
            ToolOutput.Fields(admin.Tool,
            [
                ("id", info.Id.ToString(CultureInfo.InvariantCulture)),
                ("name", info.Name),
                ("host", info.Hostname),
                ("status", ToolOutput.Lower(info.Status)),
                ("group", info.Group),
                ("modules", string.Join(", ", info.Modules)),
                ("centralized restore", info.CentralizedRestore ? "yes" : "no"),
                ("key fingerprint", info.KeyFingerprint),
                ("registered", ToolOutput.Time(info.Registered)),
                ("last seen", ToolOutput.Time(info.LastSeen)),
            ]);
            return 0;
        });
        return command;
    }
}
