using System.Text.Json.Nodes;
using RuBackup.Api;

namespace RuBackup.EndToEnd.Tests;

/// <summary>
/// The server killed (SIGKILL) while a client streams a backup into its pool, then started again:
/// no task and no archive is lost, the interrupted task ends in error and a retry completes, the pool
/// holds no half-written archive, and `rb_admin check` finds catalog and pools consistent.
/// </summary>
public abstract class ServerCrashTests(CatalogKind catalog)
{
    [Fact]
    public async Task KillServer_DuringBackup_TaskRetriedAndCatalogConsistent()
    {
        var vms = Path.Combine(Path.GetTempPath(), $"rb-e2e-vms-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(vms, BigVmCloud());
        try
        {
            await using var run = await SystemRun.StartAsync(catalog, "--vms", vms);
            await run.AddPoolAsync("dedup", PoolKind.Dedup);
            var (client, _) = await run.AddClientAsync("backup-1");
            var rule = await run.AddRuleAsync("backup-1", "big-1", "dedup");
            var before = await run.Admin.RunRuleAsync(rule.Id);

            // Kill once data flows into the pool.
            await SystemRun.EventuallyAsync(async () => (await run.Admin.GetTaskAsync(before.Id)) is { BytesDone: > 0 } t ? t : null,
                "the backup to send data", () => client.Output);
            await run.RestartServerAsync(kill: true);

            var interrupted = await run.WaitTaskAsync(before.Id, expectDone: false);
            Assert.Equal(TaskState.Error, interrupted.State);
            Assert.Contains("interrupted", interrupted.Error ?? "", StringComparison.OrdinalIgnoreCase);
            var retry = await SystemRun.EventuallyAsync(async () => (await run.Admin.ListTasksAsync()).FirstOrDefault(t => t.Kind == TaskKind.Backup && t.Id != before.Id && t.RuleId == rule.Id),
                "a retry of the interrupted backup");
            Assert.Equal(2, retry.Attempt);
            var done = await run.WaitTaskAsync(retry.Id);

            // No half-written file of the killed session is left in the pool (the repository writes
            // under a ".tmp." name and renames; startup recovery removes what a crash left).
            var pools = Path.Combine(run.Server.DataFolder, "pools");
            Assert.Empty(Directory.EnumerateFiles(pools, "*.tmp.*", SearchOption.AllDirectories));

            var archives = await run.Admin.ListArchivesAsync();
            Assert.Equal(done.ArchiveId, Assert.Single(archives).Id);
            Assert.Empty(await CloudDisks.TemporaryLeftoversAsync(run.Sim));

            var token = await run.Admin.Tokens!.GetTokenAsync(CancellationToken.None);
            var check = await ChildProcess.RunAsync(Programs.Admin, ["--server", run.Server.Url, "check"], new Dictionary<string, string> { ["RUBACKUP_TOKEN"] = token!, ["HOME"] = client.Root });
            Assert.True(check.ExitCode == 0, check.ToString());
            Assert.Contains("consistent", check.Stdout, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            File.Delete(vms);
        }
    }

    /// <summary>The backup VM and one VM with a disk big enough that its backup takes a few seconds.</summary>
    private static string BigVmCloud() => new JsonObject
    {
        ["vms"] = new JsonArray(
            new JsonObject { ["name"] = "rubackup-vm", ["backup_vm"] = true, ["disks"] = new JsonArray(new JsonObject { ["size_mib"] = 16 }) },
            new JsonObject { ["name"] = "big-1", ["disks"] = new JsonArray(new JsonObject { ["size_mib"] = 1024, ["seed"] = 7 }) }),
    }.ToJsonString();
}

public sealed class ServerCrashOnSqliteTests() : ServerCrashTests(CatalogKind.Sqlite);

public sealed class ServerCrashOnPostgresTests() : ServerCrashTests(CatalogKind.Postgres);
