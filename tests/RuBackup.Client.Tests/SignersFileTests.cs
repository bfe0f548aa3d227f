using RuBackup.Api;
using RuBackup.Client.Modules;

namespace RuBackup.Client.Tests;

/// <summary>The client keys a restore task carries, as the file the module judges signers by, and the module's arguments.</summary>
public sealed class SignersFileTests
{
    private static readonly string Authorized = new('a', 64);
    private static readonly string Revoked = new('B', 64);
    private static readonly string Pending = new('c', 64);

    private static readonly ModuleSettings Settings = new()
    {
        ModulePath = "/r/modules/rb_module_rustack",
        ModuleConfig = "/r/etc/rb_module_rustack.conf",
        MasterKeyFile = "/r/keys/master-key",
        SigningKeyFile = "/r/keys/client.key",
        ClientName = "node-1",
        RestoreFolder = "/r/restore",
        ExportFolder = "/r/exports",
    };

    private static TaskAssignment Restore(IReadOnlyList<SignerEntry>? signers) => new()
    {
        Task = new TaskInfo { Id = 5, Kind = TaskKind.Restore, State = TaskState.Assigned, ArchiveId = "A1", RestoreMode = RestoreMode.Deploy, Created = DateTimeOffset.UnixEpoch },
        PoolUrl = "http://s/pool",
        Signers = signers,
    };

    private static readonly SignerEntry[] Entries =
    [
        new(Authorized, "web-2", ClientStatus.Authorized),
        new(Revoked, "old-node", ClientStatus.Revoked),
        new(Pending, "new-node", ClientStatus.Unauthorized),
    ];

    [Fact]
    public void Text_AuthorizedRevokedAndUnauthorized_OneLinePerKnownKeyByClientUnauthorizedLeftOut()
    {
        var text = SignersFile.Text(Entries);

        Assert.Equal(
            "# RuBackup trusted signers: FINGERPRINT authorized|revoked CLIENT\n"
            + $"{new string('b', 64)} revoked old-node\n"
            + $"{Authorized} authorized web-2\n",
            text);
    }

    [Fact]
    public void Write_RestoreWithSigners_File0600InAPrivateFolderRemovedOnDispose()
    {
        string path;
        using (var file = SignersFile.Write(Restore(Entries)))
        {
            Assert.NotNull(file);
            path = file.Path;
            Assert.Equal(SignersFile.Text(Entries), File.ReadAllText(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        }

        Assert.False(File.Exists(path));
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
    }

    [Fact]
    public void Write_RestoreWithoutSignersOrABackup_NoFile()
    {
        Assert.Null(SignersFile.Write(Restore(null)));
        Assert.Null(SignersFile.Write(Restore(Entries) with { Task = Restore(null).Task with { Kind = TaskKind.Backup, Resource = "vm-1" } }));
    }

    [Fact]
    public void ForTask_RestoreWithSignersFile_SignersAfterTheUsualArguments()
    {
        var arguments = ModuleCommandLine.ForTask(Restore(Entries), Settings, "http://s/pool", "/tmp/x/signers");

        Assert.Equal(["-c", "/r/etc/rb_module_rustack.conf", "-r", "A1", "-x", "--repo", "http://s/pool", "--key", "/r/keys/master-key", "--json", "--progress", "--signers", "/tmp/x/signers"], arguments);
    }

    [Fact]
    public void ForTask_Backup_SignedWithTheClientsKeyUnderItsName()
    {
        var backup = Restore(null) with { Task = Restore(null).Task with { Kind = TaskKind.Backup, Resource = "vm-1", BackupType = BackupKind.Full } };

        var arguments = ModuleCommandLine.ForTask(backup, Settings, "http://s/pool").ToList();

        var at = arguments.IndexOf("--signing-key");
        Assert.Equal(["--signing-key", "/r/keys/client.key", "--signer-name", "node-1"], arguments.GetRange(at, 4));
    }
}
