using System.CommandLine;
using RuBackup.Client.Tools;

namespace RuBackup.Tools.Manager;

/// <summary>
/// rbm, the manager: the administrator's console is a web page served by rubackup-server, so this
/// opens it in the desktop's browser, or prints its address where there is no desktop.
/// <code>
/// rbm [--server URL] [--print]
/// </code>
/// </summary>
public static class ManagerTool
{
    public const string Name = "rbm";

    public const string Hint = "open this address in a browser";

    public static Task<int> RunAsync(string[] args, ToolContext context, CancellationToken cancellationToken) =>
        ToolRunner.InvokeAsync(Build(context), Name, args, context, cancellationToken);

    public static RootCommand Build(ToolContext context)
    {
        var server = new Option<string?>("--server")
        {
            Description = $"The server's URL (default: ${ConsoleAddress.EnvironmentVariable}, else the `server` line of $RUBACKUP_ROOT/etc/rubackup-client.conf, "
                + $"else the server's $RUBACKUP_ROOT/var/server/{ConsoleAddress.UrlFileName}, else {ConsoleAddress.DefaultUrl.AbsoluteUri.TrimEnd('/')})",
            HelpName = "URL",
        };
        var print = new Option<bool>("--print") { Description = "Only print the console's URL, even on a desktop" };
        var root = new RootCommand("rbm: the RuBackup manager: opens the administrator's web console in a browser (or prints its address when there is no display)")
        {
            server, print,
        };
        ToolRunner.SetAction(root, Name, context, async (parse, cancellationToken) =>
        {
            var address = ConsoleAddress.Find(context, parse.GetValue(server));
            if (parse.GetValue(print))
            {
                await context.Out.WriteLineAsync(address.Text).ConfigureAwait(false);
                return 0;
            }
            if (BrowserLauncher.FindOpener(context) is { } opener)
            {
                var (opened, problem) = await BrowserLauncher.OpenAsync(opener, address.Text, cancellationToken).ConfigureAwait(false);
                if (opened)
                {
                    await context.Out.WriteLineAsync($"opened {address.Text}").ConfigureAwait(false);
                    return 0;
                }
                await context.Error.WriteLineAsync($"{Name}: {problem}").ConfigureAwait(false);
            }
            await context.Out.WriteLineAsync($"{address.Text}  ({Hint})").ConfigureAwait(false);
            return 0;
        });
        return root;
    }
}
