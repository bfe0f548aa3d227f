namespace RuBackup.EndToEnd.Tests;

/// <summary>Where the build put each program the tests start.</summary>
internal static class Programs
{
    public static readonly string Server = ChildProcess.Built("RuBackup.Server", "rubackup-server");
    public static readonly string Client = ChildProcess.Built("rubackup-client", "rubackup-client");
    public static readonly string Archives = ChildProcess.Built("rb_archives", "rb_archives");
    public static readonly string Tasks = ChildProcess.Built("rb_tasks", "rb_tasks");
    public static readonly string Admin = ChildProcess.Built("rb_admin", "rb_admin");

    /// <summary>The client starts the module directly (not through dotnet), as from $RUBACKUP_ROOT/modules.</summary>
    public static readonly string ModuleApphost = ChildProcess.Built("rb_module_rustack", "rb_module_rustack", apphost: true);

    /// <summary>rbcrypt as a post-backup script calls it (apphost), and as the administrator runs it "by hand" (DLL).</summary>
    public static readonly string RbcryptApphost = ChildProcess.Built("rbcrypt", "rbcrypt", apphost: true);

    public static readonly string Rbcrypt = ChildProcess.Built("rbcrypt", "rbcrypt");

    public static readonly string Repo = ChildProcess.Built("rb_repo", "rb_repo");

    public static readonly string VirshApphost = ChildProcess.Built("RuBackup.VirshShim", "virsh", apphost: true);
}
