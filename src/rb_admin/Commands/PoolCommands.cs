using System.CommandLine;
using System.Globalization;
using RuBackup.Api;
using RuBackup.Client.Tools;

namespace RuBackup.Tools.Admin.Commands;

/// <summary>pools list|add|delete|gc.</summary>
internal static class PoolCommands
{
    public static Command Create(AdminContext admin)
    {
        var pools = new Command("pools", "Storage pools: folders on the server holding archives, plain or deduplicating");

        var list = new Command("list", "List the pools");
        admin.Handle(list, async (parse, api, ct) =>
        {
            var all = await api.ListPoolsAsync(ct).ConfigureAwait(false);
            if (admin.AsJson(parse))
            {
                ToolOutput.Json(admin.Tool, all);
            }
            else
            {
                ToolOutput.Table(admin.Tool, ["NAME", "KIND", "PATH", "CHUNK", "DESCRIPTION", "CREATED"], all.Select(p => (IReadOnlyList<string>)
                    [p.Name, ToolOutput.Lower(p.Kind), p.Path, ToolOutput.Bytes(p.ChunkSize), p.Description ?? "-", ToolOutput.Time(p.Created)]));
            }
            return 0;
        });

        var name = new Argument<string>("NAME");
        var kind = new Option<string>("--kind") { Description = "plain (each archive self-contained) or dedup (shared chunk store)", Required = true, HelpName = "KIND" };
        kind.AcceptOnlyFromAmong("plain", "dedup");
        var path = new Option<string?>("--path") { Description = "Folder on the server (default: the server's data folder/pools/NAME)", HelpName = "DIR" };
        var chunk = new Option<int?>("--chunk-size") { Description = "Chunk size in KiB, a power of two from 16 to 16384 (default 256)", HelpName = "KiB" };
        var description = new Option<string?>("--description") { Description = "Free text", HelpName = "TEXT" };
        var add = new Command("add", "Create a pool") { name, kind, path, chunk, description };
        admin.Handle(add, async (parse, api, ct) =>
        {
            var request = Request(parse.GetRequiredValue(name), parse.GetRequiredValue(kind), parse.GetValue(path), parse.GetValue(chunk), parse.GetValue(description));
            var pool = await api.CreatePoolAsync(request, ct).ConfigureAwait(false);
            return UserCommands.Print(admin, parse, pool, $"pool {pool.Name} created ({ToolOutput.Lower(pool.Kind)}, {ToolOutput.Bytes(pool.ChunkSize)} chunks) at {pool.Path}");
        });

        var deleteName = new Argument<string>("NAME");
        var delete = new Command("delete", "Delete a pool (refused while archives or rules use it)") { deleteName };
        admin.Handle(delete, async (parse, api, ct) =>
        {
            var pool = parse.GetRequiredValue(deleteName);
            await api.DeletePoolAsync(pool, ct).ConfigureAwait(false);
            return UserCommands.Done(admin, parse, $"pool {pool} deleted");
        });

        var gcName = new Argument<string>("NAME");
        var gc = new Command("gc", "Collect the garbage of a pool now: chunks no archive needs, leftovers of interrupted writes (safe beside running backups)") { gcName };
        admin.Handle(gc, async (parse, api, ct) =>
        {
            var report = await api.CollectPoolAsync(parse.GetRequiredValue(gcName), ct).ConfigureAwait(false);
            return UserCommands.Print(admin, parse, report, string.Create(CultureInfo.InvariantCulture,
                $"gc of pool {report.Pool}: {report.ChunksRemoved} chunk(s) ({ToolOutput.Bytes(report.BytesRemoved)}) removed, {report.ChunksKept} kept, {report.LeftoversRemoved} leftover file(s) removed"));
        });

        pools.Subcommands.Add(list);
        pools.Subcommands.Add(add);
        pools.Subcommands.Add(delete);
        pools.Subcommands.Add(gc);
        return pools;
    }

    public static CreatePoolRequest Request(string name, string kind, string? path, int? chunkKib, string? description)
    {
        if (chunkKib is { } kib && (kib < 16 || kib > 16384 || (kib & (kib - 1)) != 0))
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--chunk-size {kib}: give KiB as a power of two from 16 to 16384"));
        }
        return new CreatePoolRequest(name, Enum.Parse<PoolKind>(kind, ignoreCase: true), path, chunkKib * 1024, description);
    }
}
