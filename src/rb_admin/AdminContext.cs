using System.CommandLine;
using System.Globalization;
using RuBackup.Api;
using RuBackup.Client.Api;
using RuBackup.Client.Tools;

namespace RuBackup.Tools.Admin;

/// <summary>
/// The options every rb_admin command takes (--server, --ca, --user, --json) and the way to the server:
/// --server, else RUBACKUP_SERVER, else the saved login's server; the token from RUBACKUP_TOKEN, else the
/// saved login when it is for that server.
/// </summary>
public sealed class AdminContext(ToolContext tool)
{
    public const string ServerVariable = "RUBACKUP_SERVER";
    public const string TokenVariable = "RUBACKUP_TOKEN";
    public const string CaVariable = "RUBACKUP_SERVER_CA";

    public ToolContext Tool { get; } = tool;

    public Option<string?> Server { get; } = new("--server") { Description = "Server URL (default: $RUBACKUP_SERVER, else the one of the saved login)", HelpName = "URL", Recursive = true };

    public Option<string?> Ca { get; } = new("--ca") { Description = "PEM of the CA the server's certificate must chain to (default: $RUBACKUP_SERVER_CA)", HelpName = "FILE", Recursive = true };

    public Option<string?> User { get; } = new("--user", "-u") { Description = "User name for login (default: rubackup)", HelpName = "NAME", Recursive = true };

    public Option<bool> Json { get; } = new("--json") { Description = "Machine-readable output", Recursive = true };

    public bool AsJson(ParseResult parse) => parse.GetValue(Json);

    /// <summary>The server and CA to use, or why there is none.</summary>
    public (Uri Server, string? Ca) Target(ParseResult parse, SavedLogin? saved)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var text = parse.GetValue(Server) ?? Tool.Environment(ServerVariable) ?? saved?.Server
            ?? throw new UsageException("which server? give --server URL (or set RUBACKUP_SERVER, or log in with rb_admin --server URL login)");
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"--server '{text}' is not an http:// or https:// URL");
        }
        var ca = parse.GetValue(Ca) ?? Tool.Environment(CaVariable) ?? (saved is not null && SameServer(saved.Server, url) ? saved.Ca : null);
        return (url, ca is null ? null : Path.GetFullPath(ca, Tool.CurrentFolder));
    }

    /// <summary>An API client with the user's token.</summary>
    public RuBackupApiClient Connect(ParseResult parse)
    {
        var saved = TokenStore.Read(Tool.HomeFolder);
        var (server, ca) = Target(parse, saved);
        var token = Tool.Environment(TokenVariable);
        if (string.IsNullOrEmpty(token) && saved is not null && SameServer(saved.Server, server))
        {
            token = saved.Token;
        }
        if (string.IsNullOrEmpty(token))
        {
            throw new UsageException($"not logged in to {server}: run 'rb_admin --server {server} login' (or set RUBACKUP_TOKEN)");
        }
        return new RuBackupApiClient(server, ca, new StaticToken(token));
    }

    public static bool SameServer(string saved, Uri server) =>
        Uri.TryCreate(saved, UriKind.Absolute, out var url) && Uri.Compare(url, server, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>Sets an action that runs with a connected API client; a 401 tells how to log in again.</summary>
    public void Handle(Command command, Func<ParseResult, RuBackupApiClient, CancellationToken, Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(command);
        ToolRunner.SetAction(command, AdminTool.Name, Tool, async (parse, cancellationToken) =>
        {
            using var api = Connect(parse);
            try
            {
                return await body(parse, api, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiException e) when (e.StatusCode == 401)
            {
                throw new ApiException(401, $"{e.Message} (the token expired or was revoked: run rb_admin login)", e);
            }
        });
    }

    /// <summary>A client given by id or by name.</summary>
    public static async Task<long> ResolveClientAsync(RuBackupApiClient api, string idOrName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(idOrName);
        if (long.TryParse(idOrName, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }
        var clients = await api.ListClientsAsync(null, cancellationToken).ConfigureAwait(false);
        return clients.FirstOrDefault(c => c.Name == idOrName)?.Id
               ?? throw new UsageException($"no client named '{idOrName}' (rb_admin clients list)");
    }

    /// <summary>Prints a task the command created, or waits for it with --wait.</summary>
    public async Task<int> TaskCreatedAsync(ParseResult parse, RuBackupApiClient api, TaskInfo task, bool wait, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(task);
        var json = AsJson(parse);
        if (!wait)
        {
            if (json)
            {
                ToolOutput.Json(Tool, task);
            }
            else
            {
                Tool.Out.WriteLine($"task {task.Id}: {what} ({ToolOutput.Lower(task.State)})");
            }
            return 0;
        }
        if (!json)
        {
            Tool.Out.WriteLine($"task {task.Id}: {what}");
        }
        var final = await TaskWatcher.WaitAsync(Tool, task, (id, ct) => api.GetTaskAsync(id, ct), json, cancellationToken).ConfigureAwait(false);
        return TaskWatcher.Report(Tool, final, json);
    }
}
