using System.CommandLine;
using System.Globalization;
using RuBackup.Api;
using RuBackup.Client.Tools;

namespace RuBackup.Tools.Admin.Commands;

/// <summary>notifications list|test.</summary>
internal static class NotificationCommands
{
    private static readonly string[] States = Enum.GetNames<NotificationState>().Select(s => s.ToLowerInvariant()).ToArray();

    public static Command Create(AdminContext admin)
    {
        var notifications = new Command("notifications", "E-mails and webhooks the server sends about rules' results");

        var state = new Option<string?>("--state") { Description = "Only notifications in this state (pending, sent, failed)", HelpName = "STATE" };
        state.AcceptOnlyFromAmong(States);
        var limit = new Option<int?>("--limit") { Description = "At most N notifications (newest first, default 100)", HelpName = "N" };
        var list = new Command("list", "List notifications, newest first") { state, limit };
        admin.Handle(list, async (parse, api, ct) =>
        {
            var wanted = parse.GetValue(state) is { } s ? Enum.Parse<NotificationState>(s, ignoreCase: true) : (NotificationState?)null;
            var all = await api.ListNotificationsAsync(wanted, parse.GetValue(limit), ct).ConfigureAwait(false);
            if (admin.AsJson(parse))
            {
                ToolOutput.Json(admin.Tool, all);
                return 0;
            }
            ToolOutput.Table(admin.Tool, ["ID", "CREATED", "EVENT", "RULE", "TASK", "ADDRESS", "STATE", "ATTEMPTS", "SUBJECT / LAST ERROR"], all.Select(n => (IReadOnlyList<string>)
            [
                n.Id.ToString(CultureInfo.InvariantCulture),
                ToolOutput.Time(n.Created),
                ToolOutput.Lower(n.Event),
                n.RuleId?.ToString(CultureInfo.InvariantCulture) ?? "-",
                n.TaskId?.ToString(CultureInfo.InvariantCulture) ?? "-",
                n.Address,
                ToolOutput.Lower(n.State),
                n.Attempts.ToString(CultureInfo.InvariantCulture),
                n.LastError ?? n.Subject,
            ]));
            return 0;
        });

        var address = new Argument<string>("ADDRESS") { Description = "An e-mail address or an http(s) webhook URL" };
        var test = new Command("test", "Send a test message to ADDRESS now (checks the server's SMTP settings or a webhook)") { address };
        admin.Handle(test, async (parse, api, ct) =>
        {
            var result = await api.TestNotificationAsync(parse.GetRequiredValue(address), ct).ConfigureAwait(false);
            var channel = result.Channel == NotificationChannel.Email ? "e-mail" : "webhook";
            UserCommands.Print(admin, parse, result, result.Delivered
                ? $"test {channel} to {result.Address} delivered"
                : $"test {channel} to {result.Address} not delivered: {result.Error}");
            return result.Delivered ? 0 : 1;
        });

        notifications.Subcommands.Add(list);
        notifications.Subcommands.Add(test);
        return notifications;
    }
}
