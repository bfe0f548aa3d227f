using System.CommandLine;
using System.Globalization;
using RuBackup.Api;
using RuBackup.Client.Tools;

namespace RuBackup.Tools.Admin.Commands;

/// <summary>archives list|show|verify|delete|move|restore.</summary>
internal static class ArchiveCommands
{
    public static Command Create(AdminContext admin)
    {
        var archives = new Command("archives", "The catalog's archives: list, verify, delete, restore");

        var client = new Option<string?>("--client") { Description = "Only this client's archives (id or name)", HelpName = "CLIENT" };
        var resource = new Option<string?>("--resource") { Description = "Only this resource's (VM id)", HelpName = "VMID" };
        var list = new Command("list", "List archives, newest first") { client, resource };
        admin.Handle(list, async (parse, api, ct) =>
        {
            long? clientId = parse.GetValue(client) is { } c ? await AdminContext.ResolveClientAsync(api, c, ct).ConfigureAwait(false) : null;
            var all = await api.ListArchivesAsync(clientId, parse.GetValue(resource), ct).ConfigureAwait(false);
            if (admin.AsJson(parse))
            {
                ToolOutput.Json(admin.Tool, all);
                return 0;
            }
            ToolOutput.Table(admin.Tool, ["ID", "CLIENT", "RESOURCE", "TYPE", "CREATED", "SIZE", "STORED", "POOL", "STATUS", "ENCRYPTION", "SIGNED BY", "CHAIN"], all.Select(a => (IReadOnlyList<string>)
            [
                a.Id, a.ClientName, a.ResourceName is null ? a.Resource : $"{a.ResourceName} ({a.Resource})", ToolOutput.Lower(a.Type), ToolOutput.Time(a.Created),
                ToolOutput.Bytes(a.SourceBytes), ToolOutput.Bytes(a.StoredBytes), a.Pool, a.Status, a.Encryption, Signer(a), Chain(a),
            ]));
            return 0;
        });
        archives.Subcommands.Add(list);

        var showId = new Argument<string>("ID");
        var show = new Command("show", "Show one archive") { showId };
        admin.Handle(show, async (parse, api, ct) =>
        {
            var a = await api.GetArchiveAsync(parse.GetRequiredValue(showId), ct).ConfigureAwait(false);
            if (admin.AsJson(parse))
            {
                ToolOutput.Json(admin.Tool, a);
                return 0;
            }
            ToolOutput.Fields(admin.Tool,
            [
                ("id", a.Id), ("client", $"{a.ClientName} ({a.ClientId.ToString(CultureInfo.InvariantCulture)})"), ("pool", a.Pool),
                ("resource", a.ResourceName is null ? $"{a.ResourceType} {a.Resource}" : $"{a.ResourceType} {a.ResourceName} ({a.Resource})"),
                ("type", ToolOutput.Lower(a.Type)), ("base", a.Base), ("chain", string.Join(" > ", a.Chain)), ("created", ToolOutput.Time(a.Created)),
                ("size", ToolOutput.Bytes(a.SourceBytes)), ("stored", ToolOutput.Bytes(a.StoredBytes)), ("status", a.Status),
                ("encryption", a.Encryption), ("key id", a.KeyId), ("signed by", Signer(a)), ("signer key", a.SignerKey), ("rule", a.RuleId?.ToString(CultureInfo.InvariantCulture)),
                ("keep until", a.KeepUntil is null ? null : ToolOutput.Time(a.KeepUntil)),
            ]);
            return 0;
        });
        archives.Subcommands.Add(show);

        var verifyId = new Argument<string>("ID");
        var verifyWait = new Option<bool>("--wait") { Description = "Wait for the verification; exit 1 if it fails" };
        var verify = new Command("verify", "Verify an archive in its pool (a task on the server)") { verifyId, verifyWait };
        admin.Handle(verify, async (parse, api, ct) =>
        {
            var task = await api.VerifyArchiveAsync(parse.GetRequiredValue(verifyId), ct).ConfigureAwait(false);
            return await admin.TaskCreatedAsync(parse, api, task, parse.GetValue(verifyWait), $"verify {task.ArchiveId}", ct).ConfigureAwait(false);
        });
        archives.Subcommands.Add(verify);

        var deleteId = new Argument<string>("ID");
        var deleteWait = new Option<bool>("--wait") { Description = "Wait for the deletion" };
        var delete = new Command("delete", "Delete an archive (refused while a later archive depends on it)") { deleteId, deleteWait };
        admin.Handle(delete, async (parse, api, ct) =>
        {
            var task = await api.DeleteArchiveAsync(parse.GetRequiredValue(deleteId), ct).ConfigureAwait(false);
            return await admin.TaskCreatedAsync(parse, api, task, parse.GetValue(deleteWait), $"delete {task.ArchiveId}", ct).ConfigureAwait(false);
        });
        archives.Subcommands.Add(delete);

        var moveId = new Argument<string>("ID");
        var movePool = new Option<string>("--pool") { Description = "The target pool (same chunk size as the archive's)", Required = true, HelpName = "NAME" };
        var moveWait = new Option<bool>("--wait") { Description = "Wait for the move; exit 1 if it fails" };
        var move = new Command("move", "Move an archive and its whole family (its full and every archive based on it) to another pool; the source copy goes only after the target copy verified") { moveId, movePool, moveWait };
        admin.Handle(move, async (parse, api, ct) =>
        {
            var task = await api.MoveArchiveAsync(parse.GetRequiredValue(moveId), parse.GetRequiredValue(movePool), ct).ConfigureAwait(false);
            return await admin.TaskCreatedAsync(parse, api, task, parse.GetValue(moveWait), $"move of the family of {task.ArchiveId} to pool {task.RestoreTarget}", ct).ConfigureAwait(false);
        });
        archives.Subcommands.Add(move);

        var restoreId = new Argument<string>("ID");
        var mode = new Option<string>("--mode") { Description = "deploy (a new VM in the cloud) or folder (raw images on the client)", Required = true, HelpName = "MODE" };
        mode.AcceptOnlyFromAmong("deploy", "folder");
        var target = new Option<string?>("--target") { Description = "Absolute folder on the client for --mode folder (default: $RUBACKUP_ROOT/restore/ID on the client)", HelpName = "DIR" };
        var targetClient = new Option<string?>("--client") { Description = "The client that restores (default: the archive's own)", HelpName = "NAME" };
        var restoreWait = new Option<bool>("--wait") { Description = "Wait for the restore, showing progress; exit 1 if it fails" };
        var restore = new Command("restore", "Restore an archive through a client (refused when the client disabled centralized restore)") { restoreId, mode, target, targetClient, restoreWait };
        admin.Handle(restore, async (parse, api, ct) =>
        {
            var request = Request(parse.GetRequiredValue(mode), parse.GetValue(target), parse.GetValue(targetClient));
            var task = await api.RestoreArchiveAsync(parse.GetRequiredValue(restoreId), request, ct).ConfigureAwait(false);
            return await admin.TaskCreatedAsync(parse, api, task, parse.GetValue(restoreWait), $"{ToolOutput.Lower(request.Mode)} restore of {task.ArchiveId}", ct).ConfigureAwait(false);
        });
        archives.Subcommands.Add(restore);
        return archives;
    }

    public static RestoreRequest Request(string mode, string? target, string? client)
    {
        var restoreMode = mode == "folder" ? RestoreMode.Folder : RestoreMode.Deploy;
        if (target is not null && restoreMode != RestoreMode.Folder)
        {
            throw new UsageException("--target goes with --mode folder");
        }
        if (target is not null && !target.StartsWith('/'))
        {
            throw new UsageException($"--target '{target}': give an absolute folder on the client");
        }
        return new RestoreRequest(restoreMode, target, client);
    }

    /// <summary>The client whose key signed the manifest, "unknown key …" when no client holds it now, or "unsigned".</summary>
    public static string Signer(ArchiveInfo archive)
    {
        ArgumentNullException.ThrowIfNull(archive);
        return (archive.SignedBy, archive.SignerKey) switch
        {
            ({ } client, _) => client,
            (null, { } key) => "unknown key " + (key.Length > 16 ? key[..16] : key),
            _ => "unsigned",
        };
    }

    public static string Chain(ArchiveInfo archive)
    {
        var before = archive.Chain.Count > 0 && archive.Chain[^1] == archive.Id ? archive.Chain.Take(archive.Chain.Count - 1).ToList() : archive.Chain.ToList();
        return before.Count == 0 ? "-" : string.Join(" > ", before);
    }
}
