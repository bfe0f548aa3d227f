using System.CommandLine;
using RuBackup.Api;
using RuBackup.Client.Tools;

namespace RuBackup.Tools.Archives;

/// <summary>
/// rb_archives, on a client: this client's archives, and restores of them run by this client.
/// <code>
/// rb_archives [--json]                                   list
/// rb_archives -x ID [--no-wait] [--json]                 restore by deployment (a new VM in the cloud)
/// rb_archives -X ID [-d DIR] [--no-wait] [--json]        restore into a folder (default $RUBACKUP_ROOT/restore/ID)
/// </code>
/// </summary>
public static class ArchivesTool
{
    public const string Name = "rb_archives";

    public static Task<int> RunAsync(string[] args, ToolContext context, CancellationToken cancellationToken) =>
        ToolRunner.InvokeAsync(Build(context), Name, args, context, cancellationToken);

    public static RootCommand Build(ToolContext context)
    {
        var deploy = new Option<string?>("-x") { Description = "Restore the archive by deployment: a new VM in the cloud (its name gets a postfix)", HelpName = "ID" };
        var folder = new Option<string?>("-X") { Description = "Restore the archive's disks as raw images into a folder on this machine", HelpName = "ID" };
        var target = new Option<string?>("-d", "--dir") { Description = "Folder for -X (default: $RUBACKUP_ROOT/restore/ID)", HelpName = "DIR" };
        var noWait = new Option<bool>("--no-wait") { Description = "Print the restore task's id and return at once" };
        var json = new Option<bool>("--json") { Description = "Machine-readable output" };
        var config = new Option<string?>("--config", "-c") { Description = "Client configuration (default: $RUBACKUP_ROOT/etc/rubackup-client.conf)", HelpName = "FILE" };
        var root = new RootCommand("rb_archives: this client's archives; restore one by deployment (-x) or into a folder (-X)")
        {
            deploy, folder, target, noWait, json, config,
        };
        ToolRunner.SetAction(root, Name, context, async (parse, cancellationToken) =>
        {
            var request = Request.From(parse.GetValue(deploy), parse.GetValue(folder), parse.GetValue(target), parse.GetValue(noWait), context);
            using var session = ClientToolSession.Open(context, parse.GetValue(config));
            var asJson = parse.GetValue(json);
            if (request is null)
            {
                var archives = await session.Api.ListOwnArchivesAsync(cancellationToken).ConfigureAwait(false);
                Print(context, archives, asJson);
                return 0;
            }
            var archive = request.Archive;
            var restore = request.Mode == RestoreMode.Folder
                ? new RestoreRequest(RestoreMode.Folder, request.Target ?? Path.Combine(session.Paths.RestoreFolder, archive))
                : new RestoreRequest(RestoreMode.Deploy);
            var task = await session.Api.RestoreOwnArchiveAsync(archive, restore, cancellationToken).ConfigureAwait(false);
            if (request.NoWait)
            {
                if (asJson)
                {
                    ToolOutput.Json(context, task);
                }
                else
                {
                    context.Out.WriteLine(task.Id);
                }
                return 0;
            }
            if (!asJson)
            {
                context.Out.WriteLine(restore.Mode == RestoreMode.Folder
                    ? $"task {task.Id}: restore of {archive} into {restore.Target}"
                    : $"task {task.Id}: restore of {archive} by deployment");
            }
            var final = await TaskWatcher.WaitAsync(context, task, (id, ct) => session.Api.GetOwnTaskAsync(id, ct), asJson, cancellationToken).ConfigureAwait(false);
            return TaskWatcher.Report(context, final, asJson);
        });
        return root;
    }

    private static void Print(ToolContext context, IReadOnlyList<ArchiveInfo> archives, bool json)
    {
        if (json)
        {
            ToolOutput.Json(context, archives);
            return;
        }
        ToolOutput.Table(context, ["ID", "RESOURCE", "TYPE", "CREATED", "SIZE", "STORED", "POOL", "STATUS", "CHAIN"], archives.Select(a => (IReadOnlyList<string>)
        [
            a.Id,
            a.ResourceName is null ? a.Resource : $"{a.ResourceName} ({a.Resource})",
            ToolOutput.Lower(a.Type),
            ToolOutput.Time(a.Created),
            ToolOutput.Bytes(a.SourceBytes),
            ToolOutput.Bytes(a.StoredBytes),
            a.Pool,
            a.Status,
            Chain(a),
        ]));
    }

    /// <summary>The archives a restore reads before this one, oldest first; "-" for a full.</summary>
    public static string Chain(ArchiveInfo archive)
    {
        ArgumentNullException.ThrowIfNull(archive);
        var before = archive.Chain.Count > 0 && archive.Chain[^1] == archive.Id ? archive.Chain.Take(archive.Chain.Count - 1).ToList() : archive.Chain.ToList();
        return before.Count == 0 ? "-" : string.Join(" > ", before);
    }

    /// <summary>What the command line asks for: null to list, else one restore.</summary>
    public sealed record Request(string Archive, RestoreMode Mode, string? Target, bool NoWait)
    {
        public static Request? From(string? deploy, string? folder, string? target, bool noWait, ToolContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            if (deploy is not null && folder is not null)
            {
                throw new UsageException("give one of -x ID (deploy) and -X ID (into a folder), not both");
            }
            if (target is not null && folder is null)
            {
                throw new UsageException("-d DIR goes with -X ID (a restore into a folder)");
            }
            if (deploy is null && folder is null)
            {
                return noWait ? throw new UsageException("--no-wait goes with -x ID or -X ID") : null;
            }
            // The daemon runs the restore with its own working folder: the target must be absolute.
            var absolute = target is null ? null : Path.GetFullPath(target, context.CurrentFolder);
            return deploy is not null ? new Request(deploy, RestoreMode.Deploy, null, noWait) : new Request(folder!, RestoreMode.Folder, absolute, noWait);
        }
    }
}
