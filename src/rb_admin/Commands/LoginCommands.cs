using System.CommandLine;
using RuBackup.Api;
using RuBackup.Client.Api;
using RuBackup.Client.Tools;

namespace RuBackup.Tools.Admin.Commands;

/// <summary>login (password from RUBACKUP_PASSWORD or a prompt without echo) and logout.</summary>
internal static class LoginCommands
{
    public const string PasswordVariable = "RUBACKUP_PASSWORD";
    public const string UserVariable = "RUBACKUP_USER";

    public static Command Login(AdminContext admin)
    {
        var command = new Command("login", "Log in and save the token in ~/.rubackup/rb_admin.token (mode 0600) with the server's URL; password from $RUBACKUP_PASSWORD, else asked without echo");
        var tool = admin.Tool;
        ToolRunner.SetAction(command, AdminTool.Name, tool, async (parse, cancellationToken) =>
        {
            var saved = TokenStore.Read(tool.HomeFolder);
            var (server, ca) = admin.Target(parse, saved);
            var user = parse.GetValue(admin.User) ?? tool.Environment(UserVariable) ?? "rubackup";
            var password = tool.Environment(PasswordVariable) ?? tool.ReadSecret($"password for {user} at {server}: ");
            if (string.IsNullOrEmpty(password))
            {
                throw new UsageException($"no password given (set {PasswordVariable} or type it at the prompt)");
            }
            using var api = new RuBackupApiClient(server, ca);
            var token = await api.LoginAsync(new LoginRequest(user, password), cancellationToken).ConfigureAwait(false);
            var path = TokenStore.Save(tool.HomeFolder, new SavedLogin(server.ToString(), token.Subject, token.Token, token.ExpiresAt, ca));
            if (admin.AsJson(parse))
            {
                ToolOutput.Json(tool, new { Server = server.ToString(), User = token.Subject, token.Role, token.ExpiresAt, TokenFile = path });
            }
            else
            {
                tool.Out.WriteLine($"logged in to {server} as {token.Subject} ({token.Role}) until {ToolOutput.Time(token.ExpiresAt)}; token saved in {path}");
            }
            return 0;
        });
        return command;
    }

    public static Command Logout(AdminContext admin)
    {
        var command = new Command("logout", "Revoke the token on the server and forget the saved login");
        var tool = admin.Tool;
        ToolRunner.SetAction(command, AdminTool.Name, tool, async (parse, cancellationToken) =>
        {
            var revoked = false;
            try
            {
                using var api = admin.Connect(parse);
                await api.LogoutAsync(cancellationToken).ConfigureAwait(false);
                revoked = true;
            }
            catch (Exception e) when (e is UsageException or ApiException { StatusCode: 401 })
            {
                // Not logged in, or the token already expired: forgetting it is all that is left.
            }
            var forgotten = TokenStore.Delete(tool.HomeFolder);
            if (admin.AsJson(parse))
            {
                ToolOutput.Json(tool, new { Revoked = revoked, Forgotten = forgotten });
            }
            else
            {
                tool.Out.WriteLine(revoked || forgotten ? "logged out" : "not logged in");
            }
            return 0;
        });
        return command;
    }
}
