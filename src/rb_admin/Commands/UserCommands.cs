using System.CommandLine;
using RuBackup.Api;
using RuBackup.Client.Tools;

namespace RuBackup.Tools.Admin.Commands;

/// <summary>users list|add|passwd|set-role|disable|enable|delete.</summary>
internal static class UserCommands
{
    public const string NewPasswordVariable = "RUBACKUP_NEW_PASSWORD";

    private static readonly string[] Roles = Enum.GetNames<UserRole>().Select(r => r.ToLowerInvariant()).ToArray();

    public static Command Create(AdminContext admin)
    {
        var users = new Command("users", "The server's users and their roles (superuser, administrator, operator, auditor)");

        var list = new Command("list", "List the users");
        admin.Handle(list, async (parse, api, ct) =>
        {
            var all = await api.ListUsersAsync(ct).ConfigureAwait(false);
            if (admin.AsJson(parse))
            {
                ToolOutput.Json(admin.Tool, all);
            }
            else
            {
                ToolOutput.Table(admin.Tool, ["NAME", "ROLE", "STATE", "CREATED"], all.Select(u => (IReadOnlyList<string>)[u.Name, ToolOutput.Lower(u.Role), u.Disabled ? "disabled" : "enabled", ToolOutput.Time(u.Created)]));
            }
            return 0;
        });

        var addName = new Argument<string>("NAME");
        var role = new Option<string>("--role") { Description = "administrator, operator or auditor (only the superuser makes administrators)", Required = true, HelpName = "ROLE" };
        role.AcceptOnlyFromAmong(Roles);
        var add = new Command("add", $"Add a user; the password from ${NewPasswordVariable}, else asked twice without echo") { addName, role };
        admin.Handle(add, async (parse, api, ct) =>
        {
            var name = parse.GetRequiredValue(addName);
            var password = ReadNewPassword(admin.Tool, name);
            var user = await api.CreateUserAsync(new CreateUserRequest(name, password, Enum.Parse<UserRole>(parse.GetRequiredValue(role), ignoreCase: true)), ct).ConfigureAwait(false);
            return Print(admin, parse, user, $"user {user.Name} added ({ToolOutput.Lower(user.Role)})");
        });

        var passwdName = new Argument<string>("NAME");
        var passwd = new Command("passwd", $"Set a user's password (from ${NewPasswordVariable}, else asked twice)") { passwdName };
        admin.Handle(passwd, async (parse, api, ct) =>
        {
            var name = parse.GetRequiredValue(passwdName);
            var user = await api.UpdateUserAsync(name, new UpdateUserRequest(Password: ReadNewPassword(admin.Tool, name)), ct).ConfigureAwait(false);
            return Print(admin, parse, user, $"password of {user.Name} changed");
        });

        var roleName = new Argument<string>("NAME");
        var newRole = new Argument<string>("ROLE");
        newRole.AcceptOnlyFromAmong(Roles);
        var setRole = new Command("set-role", "Change a user's role") { roleName, newRole };
        admin.Handle(setRole, async (parse, api, ct) =>
        {
            var user = await api.UpdateUserAsync(parse.GetRequiredValue(roleName), new UpdateUserRequest(Role: Enum.Parse<UserRole>(parse.GetRequiredValue(newRole), ignoreCase: true)), ct).ConfigureAwait(false);
            return Print(admin, parse, user, $"{user.Name} is now {ToolOutput.Lower(user.Role)}");
        });

        users.Subcommands.Add(list);
        users.Subcommands.Add(add);
        users.Subcommands.Add(passwd);
        users.Subcommands.Add(setRole);
        users.Subcommands.Add(Toggle(admin, "disable", "Disable a user (its tokens stop working)", true));
        users.Subcommands.Add(Toggle(admin, "enable", "Enable a disabled user", false));

        var deleteName = new Argument<string>("NAME");
        var delete = new Command("delete", "Delete a user") { deleteName };
        admin.Handle(delete, async (parse, api, ct) =>
        {
            var name = parse.GetRequiredValue(deleteName);
            await api.DeleteUserAsync(name, ct).ConfigureAwait(false);
            return Done(admin, parse, $"user {name} deleted");
        });
        users.Subcommands.Add(delete);
        return users;
    }

    private static Command Toggle(AdminContext admin, string verb, string description, bool disabled)
    {
        var name = new Argument<string>("NAME");
        var command = new Command(verb, description) { name };
        admin.Handle(command, async (parse, api, ct) =>
        {
            var user = await api.UpdateUserAsync(parse.GetRequiredValue(name), new UpdateUserRequest(Disabled: disabled), ct).ConfigureAwait(false);
            return Print(admin, parse, user, $"user {user.Name} {(user.Disabled ? "disabled" : "enabled")}");
        });
        return command;
    }

    /// <summary>From RUBACKUP_NEW_PASSWORD; on a terminal asked twice without echo; otherwise one line of stdin.</summary>
    public static string ReadNewPassword(ToolContext tool, string user)
    {
        ArgumentNullException.ThrowIfNull(tool);
        var password = tool.Environment(NewPasswordVariable);
        if (password is null)
        {
            password = tool.ReadSecret($"new password for {user}: ");
            if (tool.InputIsTerminal && tool.ReadSecret($"again: ") != password)
            {
                throw new UsageException("the two passwords differ");
            }
        }
        if (password.Length == 0)
        {
            throw new UsageException($"no password given (set {NewPasswordVariable} or type it at the prompt)");
        }
        return password;
    }

    public static int Print<T>(AdminContext admin, ParseResult parse, T value, string text)
    {
        ArgumentNullException.ThrowIfNull(admin);
        if (admin.AsJson(parse))
        {
            ToolOutput.Json(admin.Tool, value);
        }
        else
        {
            admin.Tool.Out.WriteLine(text);
        }
        return 0;
    }

    public static int Done(AdminContext admin, ParseResult parse, string text)
    {
        ArgumentNullException.ThrowIfNull(admin);
        if (admin.AsJson(parse))
        {
            ToolOutput.Json(admin.Tool, new { Ok = true, Message = text });
        }
        else
        {
            admin.Tool.Out.WriteLine(text);
        }
        return 0;
    }
}
