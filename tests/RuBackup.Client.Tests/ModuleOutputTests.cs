using RuBackup.Api;
using RuBackup.Client.Modules;

namespace RuBackup.Client.Tests;

public sealed class ModuleOutputTests
{
    [Theory]
    [InlineData("progress 1048576 4194304", 1048576L, 4194304L)]
    [InlineData("progress 0 0", 0L, 0L)]
    [InlineData("rb_module_rustack: progress 5 10", 5L, 10L)]
    public void Parse_ProgressLine_DoneAndTotal(string line, long done, long total)
    {
        Assert.Equal(new ModuleLine.Progress(done, total), ModuleLine.Parse(line, "rb_module_rustack"));
    }

    [Theory]
    [InlineData("rb_module_rustack: warning: the guest agent did not answer", "warning", "the guest agent did not answer")]
    [InlineData("rb_module_rustack: error: snapshot failed", "error", "snapshot failed")]
    [InlineData("rb_module_rustack: cleanup: detach volume v1", "info", "cleanup: detach volume v1")]
    [InlineData("warning: bare warning", "warning", "bare warning")]
    [InlineData("progress twelve of many", "info", "progress twelve of many")]
    [InlineData("other_tool: text", "info", "other_tool: text")]
    public void Parse_LogLine_LevelAndMessageWithoutModulePrefix(string line, string level, string message)
    {
        Assert.Equal(new ModuleLine.Log(level, message), ModuleLine.Parse(line, "rb_module_rustack"));
    }

    [Fact]
    public void ParseResult_IndentedSnakeCaseJsonAfterText_ArchiveAndFields()
    {
        const string stdout = """
            archive 20250101 (full) of VM web-1 ({not json)
            {
              "archive": "20250101T120000Z-1a2b",
              "type": "full",
              "vm": "web-1",
              "vm_id": "6c1f",
              "warnings": [
                "one"
              ]
            }

            """;

        var result = ModuleResult.Parse(stdout);

        Assert.NotNull(result);
        Assert.Equal("20250101T120000Z-1a2b", result.Archive);
        Assert.Equal("6c1f", result.Text("vmId"));
        Assert.Equal(["one"], result.Warnings());
    }

    [Theory]
    [InlineData("")]
    [InlineData("archive done\n")]
    [InlineData("{ \"archive\": \"truncated\"")]
    public void ParseResult_NoJsonObject_Null(string stdout)
    {
        Assert.Null(ModuleResult.Parse(stdout));
    }

    [Fact]
    public void ParseResources_ListJson_ResourceInfos()
    {
        const string stdout = "[\n  {\"name\": \"web-1\", \"id\": \"vm-1\", \"status\": \"ACTIVE\"},\n  {\"name\": \"db\", \"id\": \"vm-2\", \"status\": \"SHUTOFF\"}\n]\n";

        var resources = ModuleResult.ParseResources(stdout, "rustack");

        Assert.Equal([new ResourceInfo("rustack", "vm-1", "web-1", "ACTIVE"), new ResourceInfo("rustack", "vm-2", "db", "SHUTOFF")], resources);
    }

    private static readonly ModuleSettings Settings = new()
    {
        ModulePath = "/r/modules/rb_module_rustack",
        ModuleConfig = "/r/etc/rb_module_rustack.conf",
        MasterKeyFile = "/r/keys/master-key",
        SigningKeyFile = "/r/keys/client.key",
        ClientName = "c1",
        RestoreFolder = "/r/restore",
        ExportFolder = "/r/exports",
    };

    private static TaskInfo Task(TaskKind kind) => new() { Id = 9, Kind = kind, State = TaskState.Assigned, Created = DateTimeOffset.UnixEpoch };

    [Fact]
    public void ForTask_EncryptedBackupWithScripts_KeyAlgorithmScriptsAndProgress()
    {
        var assignment = new TaskAssignment
        {
            Task = Task(TaskKind.Backup) with { Resource = "vm-1", BackupType = BackupKind.Differential },
            PoolUrl = "http://s/api/v1/client/tasks/9/pool",
            Rule = new RuleSettings { Name = "r", Resource = "vm-1", Pool = "p", Schedule = "0 1 * * *", Encryption = "aes-256-gcm", ScriptBeforeSnapshot = "/opt/b.sh", ScriptAfterSnapshot = "/opt/a.sh" },
        };

        var arguments = ModuleCommandLine.ForTask(assignment, Settings, assignment.PoolUrl);

        Assert.Equal(["-c", "/r/etc/rb_module_rustack.conf", "-b", "vm-1", "--repo", "http://s/api/v1/client/tasks/9/pool", "--type", "differential",
            "--key", "/r/keys/master-key", "--encryption", "aes-256-gcm", "--signing-key", "/r/keys/client.key", "--signer-name", "c1", "--script-before", "/opt/b.sh", "--script-after", "/opt/a.sh", "--task", "9", "--json", "--progress"], arguments);
    }

    [Fact]
    public void ForTask_RuleWithKuznyechik_PassesTheRulesAlgorithmWithTheKey()
    {
        var assignment = new TaskAssignment
        {
            Task = Task(TaskKind.Backup) with { Resource = "vm-1", BackupType = BackupKind.Full },
            PoolUrl = "http://s/pool",
            Rule = new RuleSettings { Name = "r", Resource = "vm-1", Pool = "p", Schedule = "0 1 * * *", Encryption = "kuznyechik-256" },
        };

        var arguments = ModuleCommandLine.ForTask(assignment, Settings, assignment.PoolUrl);

        Assert.Equal(["-c", "/r/etc/rb_module_rustack.conf", "-b", "vm-1", "--repo", "http://s/pool", "--type", "full",
            "--key", "/r/keys/master-key", "--encryption", "kuznyechik-256", "--signing-key", "/r/keys/client.key", "--signer-name", "c1", "--task", "9", "--json", "--progress"], arguments);
    }

    [Fact]
    public void ForTask_NocryptBackup_NoKey()
    {
        var assignment = new TaskAssignment
        {
            Task = Task(TaskKind.Backup) with { Resource = "vm-1", BackupType = BackupKind.Full },
            PoolUrl = "http://s/pool",
            Rule = new RuleSettings { Name = "r", Resource = "vm-1", Pool = "p", Schedule = "0 1 * * *" },
        };

        var arguments = ModuleCommandLine.ForTask(assignment, Settings, assignment.PoolUrl);

        Assert.Equal(["-c", "/r/etc/rb_module_rustack.conf", "-b", "vm-1", "--repo", "http://s/pool", "--type", "full", "--signing-key", "/r/keys/client.key", "--signer-name", "c1", "--task", "9", "--json", "--progress"], arguments);
    }

    [Fact]
    public void ForTask_RetryAfterLostLease_NamesTheDeadTaskToSweep()
    {
        var assignment = new TaskAssignment
        {
            Task = Task(TaskKind.Backup) with { Resource = "vm-1", BackupType = BackupKind.Full, CleansTaskId = 7 },
            PoolUrl = "http://s/pool",
            Rule = new RuleSettings { Name = "r", Resource = "vm-1", Pool = "p", Schedule = "0 1 * * *" },
        };

        var arguments = ModuleCommandLine.ForTask(assignment, Settings, assignment.PoolUrl);

        Assert.Equal(["-c", "/r/etc/rb_module_rustack.conf", "-b", "vm-1", "--repo", "http://s/pool", "--type", "full", "--signing-key", "/r/keys/client.key", "--signer-name", "c1", "--task", "9", "--sweep-task", "7", "--json", "--progress"], arguments);
    }

    [Fact]
    public void ForTask_Restores_DeployAndFolderWithDefaultTarget()
    {
        var deploy = new TaskAssignment { Task = Task(TaskKind.Restore) with { ArchiveId = "A1", RestoreMode = RestoreMode.Deploy }, PoolUrl = "http://s/pool" };
        var folder = new TaskAssignment { Task = Task(TaskKind.Restore) with { ArchiveId = "A1", RestoreMode = RestoreMode.Folder }, PoolUrl = "http://s/pool" };
        var given = new TaskAssignment { Task = Task(TaskKind.Restore) with { ArchiveId = "A1", RestoreMode = RestoreMode.Folder, RestoreTarget = "/data/out" }, PoolUrl = "http://s/pool" };

        Assert.Equal(["-c", "/r/etc/rb_module_rustack.conf", "-r", "A1", "-x", "--repo", "http://s/pool", "--key", "/r/keys/master-key", "--json", "--progress"],
            ModuleCommandLine.ForTask(deploy, Settings, deploy.PoolUrl));
        Assert.Equal(["-c", "/r/etc/rb_module_rustack.conf", "-r", "A1", "-X", "--target", "/r/restore/A1", "--repo", "http://s/pool", "--key", "/r/keys/master-key", "--json", "--progress"],
            ModuleCommandLine.ForTask(folder, Settings, folder.PoolUrl));
        Assert.Contains("/data/out", ModuleCommandLine.ForTask(given, Settings, given.PoolUrl));
    }

    [Fact]
    public void ForTask_ServerSideKindOrRelativeTarget_TaskSetupException()
    {
        var verify = new TaskAssignment { Task = Task(TaskKind.Verify) with { ArchiveId = "A1" }, PoolUrl = "http://s/pool" };
        var relative = new TaskAssignment { Task = Task(TaskKind.Restore) with { ArchiveId = "A1", RestoreMode = RestoreMode.Folder, RestoreTarget = "out" }, PoolUrl = "http://s/pool" };

        Assert.Equal("task 9: a verify task runs on the server, not on a client", Assert.Throws<TaskSetupException>(() => ModuleCommandLine.ForTask(verify, Settings, "p")).Message);
        Assert.Equal("task 9: restore target 'out' is not an absolute path", Assert.Throws<TaskSetupException>(() => ModuleCommandLine.ForTask(relative, Settings, "p")).Message);
    }

    [Fact]
    public void Describe_Probes_NamesFoundAndUnusableModules()
    {
        var text = ModuleProbe.Describe([new ModuleProbe("rustack", "/r/modules/rb_module_rustack", true, "version 1.0")]);
        var none = ModuleProbe.Describe([new ModuleProbe("rustack", "/r/modules/rb_module_rustack", false, "no such file")]);

        Assert.Equal("modules found: rustack (/r/modules/rb_module_rustack, version 1.0)", text);
        Assert.Equal("modules found: none; not usable: rustack: /r/modules/rb_module_rustack: no such file", none);
    }
}
