using System.CommandLine;
using System.CommandLine.Help;
using System.Text.RegularExpressions;
using RuBackup.Client.Api;
using RuBackup.Client.Config;
using RuBackup.Client.Keys;

namespace RuBackup.Client.Tools;

/// <summary>
/// The tools' one contract for failures: every error is one line "TOOL: error: message" on stderr with
/// exit 2 (usage mistakes too, instead of System.CommandLine's help page); exit 1 is kept for "the
/// task ended in error" and "the check found problems".
/// </summary>
public static partial class ToolRunner
{
    public const int ExitFailed = 1;
    public const int ExitError = 2;

    public static async Task<int> InvokeAsync(RootCommand root, string tool, string[] args, ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(context);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
        {
            var path = string.Join(' ', Ancestors(parse.CommandResult, tool).Reverse());
            await context.Error.WriteLineAsync($"{tool}: error: {string.Join(" ", parse.Errors.Select(e => Spaces().Replace(e.Message, " ")))} (see '{path} --help')").ConfigureAwait(false);
            return ExitError;
        }
        var configuration = new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gives <paramref name="command"/> an action that maps every expected failure to one line and exit 2.</summary>
    public static void SetAction(Command command, string tool, ToolContext context, Func<ParseResult, CancellationToken, Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                return await body(parse, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ApiException or UsageException or ClientConfigException or KeyFileException or InvalidOperationException
                                          or IOException or UnauthorizedAccessException or FormatException)
            {
                await context.Error.WriteLineAsync($"{tool}: error: {e.Message}").ConfigureAwait(false);
                return ExitError;
            }
            catch (OperationCanceledException)
            {
                await context.Error.WriteLineAsync($"{tool}: interrupted").ConfigureAwait(false);
                return ExitError;
            }
        });
    }

    /// <summary>The command's path, innermost first; the root is named after the tool (its own name is the host's file name).</summary>
    private static IEnumerable<string> Ancestors(System.CommandLine.Parsing.SymbolResult? result, string tool)
    {
        for (var current = result; current is not null; current = current.Parent)
        {
            if (current is System.CommandLine.Parsing.CommandResult command)
            {
                yield return command.Command is RootCommand ? tool : command.Command.Name;
            }
        }
    }

    [GeneratedRegex(@"\s*\n\s*")]
    private static partial Regex Spaces();
}
