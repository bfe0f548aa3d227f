using System.Text;
using RuBackup.Client.Config;
using Spectre.Console;

namespace RuBackup.Client.Tools;

/// <summary>
/// Everything a command-line tool touches outside itself: its streams, environment, home folder and
/// whether it talks to a terminal. The tools take one so tests drive them in-process.
/// </summary>
public sealed class ToolContext
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    public TextReader In { get; init; } = TextReader.Null;

    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    public bool OutputIsTerminal { get; init; }

    public bool ErrorIsTerminal { get; init; }

    public bool InputIsTerminal { get; init; }

    public string HomeFolder { get; init; } = System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);

    public string CurrentFolder { get; init; } = System.Environment.CurrentDirectory;

    /// <summary>How often waits poll the server (tests shorten it).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public ClientPaths Paths => ClientPaths.FromEnvironment(Environment);

    public static ToolContext FromConsole() => new()
    {
        Out = System.Console.Out,
        Error = System.Console.Error,
        In = System.Console.In,
        OutputIsTerminal = !System.Console.IsOutputRedirected,
        ErrorIsTerminal = !System.Console.IsErrorRedirected,
        InputIsTerminal = !System.Console.IsInputRedirected,
    };

    /// <summary>A Spectre console over <paramref name="writer"/>: colors and live widgets only on a terminal.</summary>
    public IAnsiConsole CreateConsole(TextWriter writer, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            // Redirected output is read by scripts: no wrapping of long cells.
            console.Profile.Width = 240;
        }
        return console;
    }

    /// <summary>Reads a secret: without echo on a terminal (after a prompt on stderr), else one line of stdin.</summary>
    public string ReadSecret(string prompt)
    {
        if (!InputIsTerminal)
        {
            return In.ReadLine() ?? "";
        }
        Error.Write(prompt);
        Error.Flush();
        var secret = new StringBuilder();
        while (true)
        {
            var key = System.Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }
            if (key.Key == ConsoleKey.Backspace)
            {
                if (secret.Length > 0)
                {
                    secret.Length--;
                }
                continue;
            }
            if (!char.IsControl(key.KeyChar))
            {
                secret.Append(key.KeyChar);
            }
        }
        Error.WriteLine();
        return secret.ToString();
    }
}
