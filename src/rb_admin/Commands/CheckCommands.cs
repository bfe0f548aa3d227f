using System.CommandLine;
using System.Globalization;
using RuBackup.Client.Tools;

namespace RuBackup.Tools.Admin.Commands;

/// <summary>check (catalog against pools; exit 1 when inconsistent) and audit.</summary>
internal static class CheckCommands
{
    public static Command Check(AdminContext admin)
    {
        var command = new Command("check", "Compare the catalog with the pools; exit 1 when they disagree");
        admin.Handle(command, async (parse, api, ct) =>
        {
            var report = await api.CheckAsync(ct).ConfigureAwait(false);
            if (admin.AsJson(parse))
            {
                ToolOutput.Json(admin.Tool, report);
            }
            else
            {
                admin.Tool.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(report.Consistent ? "consistent" : "INCONSISTENT")}: {report.Archives} archives in the catalog, {report.Manifests} manifests in the pools"));
                foreach (var problem in report.Problems)
                {
                    admin.Tool.Out.WriteLine("  " + problem);
                }
            }
            return report.Consistent ? 0 : ToolRunner.ExitFailed;
        });
        return command;
    }

    public static Command Audit(AdminContext admin)
    {
        var limit = new Option<int?>("--limit") { Description = "The last N entries (default: the server's)", HelpName = "N" };
        var command = new Command("audit", "The audit log: every change made through the API") { limit };
        admin.Handle(command, async (parse, api, ct) =>
        {
            var entries = await api.ListAuditAsync(parse.GetValue(limit), ct).ConfigureAwait(false);
            if (admin.AsJson(parse))
            {
                ToolOutput.Json(admin.Tool, entries);
            }
            else
            {
                ToolOutput.Table(admin.Tool, ["ID", "TIME", "ACTOR", "ACTION", "TARGET", "DETAILS"], entries.Select(e => (IReadOnlyList<string>)
                    [e.Id.ToString(CultureInfo.InvariantCulture), ToolOutput.Time(e.Time), e.Actor, e.Action, e.Target, e.Details ?? ""]));
            }
            return 0;
        });
        return command;
    }
}
