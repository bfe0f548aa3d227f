using RuBackup.Api;

namespace RuBackup.EndToEnd.Tests;

/// <summary>
/// The main job through the server, as an administrator and a client would run it: a new client is
/// refused until authorized, a rule run now makes a full, an incremental and a differential backup,
/// the archives carry their chains, rb_archives restores to a folder (bytes equal) and by deployment
/// (a postfixed VM with equal disks), and a second VM with the same content sends no chunks to the
/// dedup pool. The same suite runs on the SQLite and the PostgreSQL catalog.
/// </summary>
public abstract class BackupJobTests(CatalogKind catalog)
{
    [Fact]
    public async Task RunNow_FullIncrementalDifferential_ArchivesChainAndRestoresEqual()
    {
        await using var run = await SystemRun.StartAsync(catalog);
        await run.AddPoolAsync("dedup", PoolKind.Dedup);

        // A new client is unauthorized and gets nothing: no archive list, no rule.
        var (client, info) = await run.AddClientAsync("backup-1", authorize: false);
        Assert.Equal(ClientStatus.Unauthorized, info.Status);
        var refused = await client.ArchivesAsync();
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("not authorized", refused.Stdout + refused.Stderr, StringComparison.OrdinalIgnoreCase);
        await run.Admin.AuthorizeClientAsync(info.Id);

        var rule = await run.AddRuleAsync("backup-1", "web-1", "dedup");
        var volumes = await CloudDisks.VolumeIdsAsync(run.Sim, "web-1");

        var full = await run.WaitTaskAsync((await run.Admin.RunRuleAsync(rule.Id)).Id);
        Assert.Equal(TaskKind.Backup, full.Kind);
        Assert.True(full.BytesTotal > 0 && full.BytesDone == full.BytesTotal, $"progress {full.BytesDone}/{full.BytesTotal}");
        Assert.NotNull(full.ArchiveId);

        foreach (var (volume, i) in volumes.Select((v, i) => (v, i)))
        {
            CloudDisks.Scribble(CloudDisks.VolumePath(run.Sim, volume), 10 + i);
        }
        var incremental = await run.WaitTaskAsync((await run.Admin.RunRuleAsync(rule.Id, BackupKind.Incremental)).Id);
        foreach (var (volume, i) in volumes.Select((v, i) => (v, i)))
        {
            CloudDisks.Scribble(CloudDisks.VolumePath(run.Sim, volume), 20 + i);
        }
        var differential = await run.WaitTaskAsync((await run.Admin.RunRuleAsync(rule.Id, BackupKind.Differential)).Id);

        var archives = (await run.Admin.ListArchivesAsync()).ToDictionary(a => a.Id);
        Assert.Equal(3, archives.Count);
        Assert.Equal([full.ArchiveId!], archives[full.ArchiveId!].Chain);
        Assert.Equal([full.ArchiveId!, incremental.ArchiveId!], archives[incremental.ArchiveId!].Chain);
        Assert.Equal([full.ArchiveId!, differential.ArchiveId!], archives[differential.ArchiveId!].Chain);
        Assert.Equal(BackupKind.Incremental, archives[incremental.ArchiveId!].Type);
        Assert.Equal(BackupKind.Differential, archives[differential.ArchiveId!].Type);
        Assert.All(archives.Values, a => Assert.Equal("ok", a.Status));

        // The client sees its archives with rb_archives, and its tasks with rb_tasks.
        var listed = await client.ArchivesAsync();
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Contains(differential.ArchiveId!, listed.Stdout, StringComparison.Ordinal);
        var tasks = await client.TasksAsync();
        Assert.True(tasks.ExitCode == 0, tasks.ToString());
        Assert.Contains(full.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), tasks.Stdout, StringComparison.Ordinal);

        // -X: into a folder, every disk equal to the cloud's current volume.
        var folder = Path.Combine(client.Root, "restored");
        var toFolder = await client.ArchivesAsync("-X", differential.ArchiveId!, "-d", folder);
        Assert.True(toFolder.ExitCode == 0, toFolder.ToString());
        foreach (var volume in volumes)
        {
            var restored = Directory.GetFiles(folder, volume + ".raw", SearchOption.AllDirectories).Single();
            Assert.Equal(CloudDisks.Sha256(CloudDisks.VolumePath(run.Sim, volume)), CloudDisks.Sha256(restored));
        }

        // -x: deployed as web-1-1 (web-1 exists), each disk equal to the source (the cloud rounds volumes up to whole GiB).
        var deployed = await client.ArchivesAsync("-x", differential.ArchiveId!);
        Assert.True(deployed.ExitCode == 0, deployed.ToString());
        var newVolumes = await CloudDisks.VolumeIdsAsync(run.Sim, "web-1-1");
        Assert.Equal(volumes.Count, newVolumes.Count);
        foreach (var (source, copy) in volumes.Zip(newVolumes))
        {
            var length = new FileInfo(CloudDisks.VolumePath(run.Sim, source)).Length;
            Assert.Equal(CloudDisks.Sha256(CloudDisks.VolumePath(run.Sim, source)), CloudDisks.Sha256(CloudDisks.VolumePath(run.Sim, copy), length));
        }
        Assert.Empty(await CloudDisks.TemporaryLeftoversAsync(run.Sim));

        // A second VM with the same disk content (the deployed copy): the dedup pool receives no chunk.
        var twin = await run.AddRuleAsync("backup-1", "web-1-1", "dedup");
        var twinTask = await run.WaitTaskAsync((await run.Admin.RunRuleAsync(twin.Id)).Id);
        var twinArchive = await run.Admin.GetArchiveAsync(twinTask.ArchiveId!);
        Assert.True(archives[full.ArchiveId!].StoredBytes > 0);
        Assert.Equal(0, twinArchive.StoredBytes);
        var log = await run.Admin.GetTaskLogAsync(twinTask.Id);
        Assert.Contains(log, l => l.Message.Contains("received 0 of", StringComparison.Ordinal));

        var check = await run.Admin.CheckAsync();
        Assert.True(check.Consistent, string.Join('\n', check.Problems));
    }
}

public sealed class BackupJobOnSqliteTests() : BackupJobTests(CatalogKind.Sqlite);

public sealed class BackupJobOnPostgresTests() : BackupJobTests(CatalogKind.Postgres);
