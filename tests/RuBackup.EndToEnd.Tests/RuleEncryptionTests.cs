using RuBackup.Api;

namespace RuBackup.EndToEnd.Tests;

/// <summary>
/// A rule's algorithm of the document's table reaches the client's backup, the archive records it,
/// and the client restores with its master key alone (issue 7), with the real processes.
/// </summary>
public sealed class RuleEncryptionTests
{
    [Fact]
    public async Task Rule_EncryptionKuznyechik_ArchiveIsKuznyechik256AndRestoresByteForByte()
    {
        await using var run = await SystemRun.StartAsync(CatalogKind.Sqlite);
        await run.AddPoolAsync("dedup", PoolKind.Dedup);
        var (client, _) = await run.AddClientAsync("owner");
        var rule = await run.AddRuleAsync("owner", "web-1", "dedup", encryption: "Kuznyechik");
        Assert.Equal("kuznyechik-256", rule.Settings.Encryption);
        var volumes = await CloudDisks.VolumeIdsAsync(run.Sim, "web-1");

        var backup = await run.WaitTaskAsync((await run.Admin.RunRuleAsync(rule.Id)).Id);

        Assert.Equal("kuznyechik-256", (await run.Admin.GetArchiveAsync(backup.ArchiveId!)).Encryption);
        var folder = Path.Combine(client.Root, "restored");
        var restore = await client.ArchivesAsync("-X", backup.ArchiveId!, "-d", folder);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        foreach (var volume in volumes)
        {
            var restored = Directory.GetFiles(folder, volume + ".raw", SearchOption.AllDirectories).Single();
            Assert.Equal(CloudDisks.Sha256(CloudDisks.VolumePath(run.Sim, volume)), CloudDisks.Sha256(restored));
        }
    }
}
