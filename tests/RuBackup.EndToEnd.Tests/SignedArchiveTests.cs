using RuBackup.Api;
using RuBackup.Client.Config;
using RuBackup.Client.Keys;
using RuBackup.Repository.Format;
using RuBackup.Repository.Signing;

namespace RuBackup.EndToEnd.Tests;

/// <summary>
/// Signed archives with the real processes (issue 7, "Signatures"): the client's module signs each
/// manifest with the client's own key, and a restore refuses an archive whose manifest a stranger
/// signed, before any VM is created.
/// </summary>
public sealed class SignedArchiveTests
{
    [Fact]
    public async Task RuleBackup_ManifestInThePool_SignedWithTheClientsRegisteredKey()
    {
        await using var run = await SystemRun.StartAsync(CatalogKind.Sqlite);
        var (client, info, archive) = await BackUpWeb1Async(run);

        var manifest = ReadManifest(run, archive, out _);
        Assert.NotNull(manifest.SignerKey);
        using var keys = ClientKeys.Load(new ClientPaths(client.Root));
        Assert.Equal(keys.PublicKey, manifest.SignerKey);
        Assert.Equal(info.KeyFingerprint, SignerKeys.FingerprintOf(manifest.SignerKey));
        Assert.Equal(keys.Fingerprint, info.KeyFingerprint);
        Assert.Equal("owner", manifest.SignerName);
    }

    /// <summary>
    /// Needs the server to hand restores the client keys (TaskAssignment.Signers): without them the
    /// module can only report the stranger's signature as unchecked and the restore goes ahead.
    /// </summary>
    [Fact]
    public async Task Restore_ManifestResignedByAStranger_TaskErrorNamingTheKeyAndNoNewVm()
    {
        await using var run = await SystemRun.StartAsync(CatalogKind.Sqlite);
        var (_, _, archive) = await BackUpWeb1Async(run);
        var manifest = ReadManifest(run, archive, out var path);
        using var stranger = ManifestSigner.Generate("owner");
        // Plain archive: the tag is recomputed, so the forgery is a valid manifest that only the
        // identity of its signer gives away.
        await File.WriteAllBytesAsync(path, ManifestCodec.Serialize(manifest, null, stranger));
        var serversBefore = await ServerNamesAsync(run);

        var restore = await run.Admin.RestoreArchiveAsync(archive, new RestoreRequest(RestoreMode.Deploy));
        var failed = await run.WaitTaskAsync(restore.Id, expectDone: false);

        var log = string.Join('\n', (await run.Admin.GetTaskLogAsync(restore.Id)).Select(l => $"{l.Level}: {l.Message}"));
        Assert.True(failed.State == TaskState.Error, $"restore of a stranger-signed archive ended {failed.State}: {failed.Error}\n{log}");
        Assert.Contains("unknown key", failed.Error ?? "", StringComparison.Ordinal);
        Assert.Contains(SignerKeys.Short(stranger.Fingerprint), failed.Error ?? "", StringComparison.Ordinal);
        Assert.Equal(serversBefore, await ServerNamesAsync(run));
        Assert.Empty(await CloudDisks.TemporaryLeftoversAsync(run.Sim));
    }

    /// <summary>Client "owner" backs up web-1 through a rule into a dedup pool; returns the client and the archive.</summary>
    private static async Task<(ClientProcess Client, ClientInfo Info, string Archive)> BackUpWeb1Async(SystemRun run)
    {
        await run.AddPoolAsync("dedup", PoolKind.Dedup);
        var (client, info) = await run.AddClientAsync("owner");
        var rule = await run.AddRuleAsync("owner", "web-1", "dedup");
        var backup = await run.WaitTaskAsync((await run.Admin.RunRuleAsync(rule.Id)).Id);
        return (client, info, backup.ArchiveId!);
    }

    private static ArchiveManifest ReadManifest(SystemRun run, string archiveId, out string path)
    {
        path = Directory.GetFiles(Path.Combine(run.Server.DataFolder, "pools"), archiveId + ".manifest", SearchOption.AllDirectories).Single();
        return ManifestCodec.Deserialize(File.ReadAllBytes(path), null, path);
    }

    private static async Task<List<string>> ServerNamesAsync(SystemRun run)
    {
        var state = System.Text.Json.Nodes.JsonNode.Parse(await run.Sim.Http.GetStringAsync(run.Sim.Url + "/sim/state"))!;
        return [.. state["servers"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal)];
    }
}
