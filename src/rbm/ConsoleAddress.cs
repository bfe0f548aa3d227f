using RuBackup.Client.Config;
using RuBackup.Client.Tools;

namespace RuBackup.Tools.Manager;

/// <summary>
/// Where the console is, asked in this order: --server, $RUBACKUP_SERVER_URL, the client's configuration
/// (its `server` line), the URL the server wrote into its data folder, and the server's default address.
/// A source that is there but holds no usable URL is an error, not a reason to guess further: opening
/// some other server's console would be worse than saying what is wrong.
/// </summary>
public sealed record ConsoleAddress(Uri Url, string Source)
{
    public const string EnvironmentVariable = "RUBACKUP_SERVER_URL";

    /// <summary>The server's own variable for its data folder (default $RUBACKUP_ROOT/var/server).</summary>
    public const string ServerDataVariable = "RUBACKUP_SERVER_DATA";

    /// <summary>The file the server writes its address into when it starts (ServerHost.UrlFileName).</summary>
    public const string UrlFileName = "server.url";

    public static readonly Uri DefaultUrl = new("http://127.0.0.1:9990");

    /// <summary>The URL as printed and handed to the browser: no trailing slash.</summary>
    public string Text => Url.AbsoluteUri.TrimEnd('/');

    public static ConsoleAddress Find(ToolContext context, string? server)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (server is not null)
        {
            return new(Parse(server, "--server"), "--server");
        }
        if (context.Environment(EnvironmentVariable) is { Length: > 0 } variable)
        {
            return new(Parse(variable, "$" + EnvironmentVariable), "$" + EnvironmentVariable);
        }
        var paths = context.Paths;
        if (File.Exists(paths.ConfigFile))
        {
            // The client's own reader: the same rules (and messages) as the daemon's for its `server` line.
            return new(ClientConfigParser.Load(paths).Server, paths.ConfigFile);
        }
        var urlFile = Path.Combine(ServerDataFolder(context, paths), UrlFileName);
        if (File.Exists(urlFile))
        {
            return new(Parse(File.ReadAllText(urlFile).Trim(), urlFile), urlFile);
        }
        return new(DefaultUrl, "default");
    }

    private static string ServerDataFolder(ToolContext context, ClientPaths paths) =>
        context.Environment(ServerDataVariable) is { Length: > 0 } data
            ? Path.GetFullPath(data, context.CurrentFolder)
            : Path.Combine(paths.Root, "var", "server");

    private static Uri Parse(string text, string source)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || url.Host.Length == 0)
        {
            throw new UsageException($"{source} '{text}' is not an http:// or https:// URL (e.g. https://backup.example:9990)");
        }
        if (url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            throw new UsageException($"{source} '{text}': give the server's base URL only, without ?query or #fragment");
        }
        return url;
    }
}
