using System.CommandLine;
using RuBackup.Client.Tools;
using RuBackup.Tools.Admin.Commands;

namespace RuBackup.Tools.Admin;

/// <summary>
/// rb_admin, the administrator's CLI: everything the console does, over the server's REST API, as a
/// user (rb_admin login). Every command takes --json; errors are one line with exit 2; a task that
/// ended in error (with --wait, or tasks wait) and an inconsistent check exit 1.
/// </summary>
public static class AdminTool
{
    public const string Name = "rb_admin";

    public static Task<int> RunAsync(string[] args, ToolContext context, CancellationToken cancellationToken) =>
        ToolRunner.InvokeAsync(Build(context), Name, args, context, cancellationToken);

    public static RootCommand Build(ToolContext context)
    {
        var admin = new AdminContext(context);
        return new RootCommand("rb_admin: administer the RuBackup server: users, clients, pools, rules, archives, tasks")
        {
            admin.Server,
            admin.Ca,
            admin.User,
            admin.Json,
            LoginCommands.Login(admin),
            LoginCommands.Logout(admin),
            UserCommands.Create(admin),
            ClientCommands.Create(admin),
            PoolCommands.Create(admin),
            RuleCommands.Create(admin),
            StrategyCommands.Create(admin),
            ArchiveCommands.Create(admin),
            TaskCommands.Create(admin),
            CheckCommands.Check(admin),
            CheckCommands.Audit(admin),
            NotificationCommands.Create(admin),
        };
    }
}
