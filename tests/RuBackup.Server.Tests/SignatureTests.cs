using RuBackup.Api;
using RuBackup.Repository;
using RuBackup.Repository.Format;
using RuBackup.Repository.Signing;
using RuBackup.Server.Tests.Support;

namespace RuBackup.Server.Tests;

/// <summary>
/// Signed archives on the server: a commit must be signed by the committing client's own key, the
/// catalog records the signer, verification judges it against the clients' keys and the record, and a
/// restore assignment carries the keys a client judges by.
/// </summary>
public abstract class SignatureTests(string provider) : ServerTestBase(provider)
{
    [Fact]
    public async Task Commit_SignedByClientsOwnKey_SignerKeyRecordedSignedByClient()
    {
        var (client, rule) = await ClientWithRuleAsync();
        using var signer = client.Signer();
        await RunNowAsync(rule.Id);
        var (signedTask, signed) = await ClientRuns.BackupAsync(client, ClientRuns.Disk(1, 4), signer: signer);
        await RunNowAsync(rule.Id);
        var (_, unsigned) = await ClientRuns.BackupAsync(client, ClientRuns.Disk(2, 4));

        var fingerprint = (await Http.GetAsync<ClientInfo>(Admin, $"{ApiRoutes.Clients}/{client.Id}")).KeyFingerprint;
        var archive = await Http.GetAsync<ArchiveInfo>(Admin, $"{ApiRoutes.Archives}/{signed.Manifest.Id}");
        var listed = (await Http.GetAsync<ArchiveInfo[]>(Admin, ApiRoutes.Archives)).ToDictionary(a => a.Id);

        Assert.Equal(signer.Fingerprint, fingerprint);
        Assert.Equal((fingerprint, "client1"), (archive.SignerKey, archive.SignedBy));
        Assert.Equal((fingerprint, "client1"), (listed[signed.Manifest.Id].SignerKey, listed[signed.Manifest.Id].SignedBy));
        Assert.Equal(((string?)null, (string?)null), (listed[unsigned.Manifest.Id].SignerKey, listed[unsigned.Manifest.Id].SignedBy));
        var log = await Http.GetAsync<TaskLogLine[]>(Admin, $"{ApiRoutes.Tasks}/{signedTask.Id}/log");
        Assert.Contains(log, l => l.Message.Contains($"signed by client client1 (key {SignerKeys.Short(fingerprint)})", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Commit_SignedByAnotherKey_RefusedNamingBothKeysNoArchiveRow()
    {
        var (client, rule) = await ClientWithRuleAsync();
        using var stranger = ManifestSigner.Generate("client1");
        using var own = client.Signer();
        var task = await RunNowAsync(rule.Id);
        var assignment = await client.NextAsync(5);
        await client.StartAsync(task.Id);

        var refused = await Assert.ThrowsAnyAsync<RepositoryException>(() => ClientRuns.WriteAsync(client, assignment!, ClientRuns.Disk(3, 4), signer: stranger));

        Assert.Contains($"signed by key {SignerKeys.Short(stranger.Fingerprint)}, but client client1's key is {SignerKeys.Short(own.Fingerprint)}", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await Http.GetAsync<ArchiveInfo[]>(Admin, ApiRoutes.Archives));
        Assert.Empty(Directory.EnumerateFiles(ManifestFolder(await PoolAsync())));
    }

    [Fact]
    public async Task Verify_SignedByAuthorizedClient_DoneWithInfoLineNamingClient()
    {
        var signed = await SignedBackupAsync(4);

        var (task, log) = await VerifyAsync(signed.Id);

        Assert.Equal(TaskState.Done, task.State);
        Assert.Contains(log, l => l.Level == "info" && l.Message == $"archive {signed.Id}: signed by client client1 (key {SignerKeys.Short(signed.Fingerprint)})");
    }

    [Fact]
    public async Task Verify_ManifestResignedByStrangerKey_ErrorNamingUnknownKeyArchiveDamaged()
    {
        var (client, rule) = await ClientWithRuleAsync();
        await RunNowAsync(rule.Id);
        var (_, result) = await ClientRuns.BackupAsync(client, ClientRuns.Disk(5, 4));
        using var stranger = ManifestSigner.Generate("x");
        await RewriteManifestAsync(result.Manifest.Id, stranger);

        var (task, log) = await VerifyAsync(result.Manifest.Id);

        Assert.Equal(TaskState.Error, task.State);
        Assert.Contains($"signed by an unknown key {SignerKeys.Short(stranger.Fingerprint)}", task.Error, StringComparison.Ordinal);
        Assert.Contains(log, l => l.Level == "error" && l.Message.Contains("the manifest was replaced", StringComparison.Ordinal));
        Assert.Equal("damaged", await StatusAsync(result.Manifest.Id));
    }

    [Fact]
    public async Task Verify_SignerRevokedSinceCommit_DoneWithWarningLine()
    {
        var signed = await SignedBackupAsync(6);
        await Http.PostAsync<ClientInfo>(Admin, $"{ApiRoutes.Clients}/{signed.Client.Id}/revoke");

        var (task, log) = await VerifyAsync(signed.Id);

        Assert.Equal(TaskState.Done, task.State);
        Assert.Contains(log, l => l.Level == "warning" && l.Message.Contains("client client1", StringComparison.Ordinal) && l.Message.Contains("revoked", StringComparison.Ordinal));
        Assert.Equal("ok", await StatusAsync(signed.Id));
    }

    [Fact]
    public async Task Verify_SignatureStrippedWhileCatalogRecordedSigner_ErrorNamingRecordedKey()
    {
        var signed = await SignedBackupAsync(7);
        await RewriteManifestAsync(signed.Id, null);

        var (task, log) = await VerifyAsync(signed.Id);

        Assert.Equal(TaskState.Error, task.State);
        Assert.Contains($"not signed now, but it was committed signed by key {SignerKeys.Short(signed.Fingerprint)} (client client1)", task.Error, StringComparison.Ordinal);
        Assert.Contains(log, l => l.Level == "warning" && l.Message == $"archive {signed.Id} is not signed");
        Assert.Equal("damaged", await StatusAsync(signed.Id));
    }

    [Fact]
    public async Task RestoreAssignment_CarriesAuthorizedAndRevokedKeysOnly_BackupAssignmentNone()
    {
        var (client, rule) = await ClientWithRuleAsync();
        using var revoked = await FakeClient.AuthorizedAsync(Server, "client2");
        using var waiting = await FakeClient.RegisterAsync(Server, "client3");
        await Http.PostAsync<ClientInfo>(Admin, $"{ApiRoutes.Clients}/{revoked.Id}/revoke");
        await RunNowAsync(rule.Id);
        var backup = await client.NextAsync(5);
        await client.StartAsync(backup!.Task.Id);
        var result = await ClientRuns.WriteAsync(client, backup, ClientRuns.Disk(8, 4));
        await client.FinishAsync(backup.Task.Id);
        await Http.PostAsync<TaskInfo>(Admin, $"{ApiRoutes.Archives}/{result.Manifest.Id}/restore", new RestoreRequest(RestoreMode.Deploy));

        var restore = await client.NextAsync(5);

        Assert.Null(backup.Signers);
        using var clientKey = client.Signer();
        using var revokedKey = revoked.Signer();
        Assert.Equal(
            [new SignerEntry(clientKey.Fingerprint, "client1", ClientStatus.Authorized), new SignerEntry(revokedKey.Fingerprint, "client2", ClientStatus.Revoked)],
            restore!.Signers!.OrderBy(s => s.Client, StringComparer.Ordinal));
    }

    /// <summary>A client with a rule, and one full backup it signed with its own key.</summary>
    private async Task<(FakeClient Client, string Fingerprint, string Id)> SignedBackupAsync(int seed)
    {
        var (client, rule) = await ClientWithRuleAsync();
        using var signer = client.Signer();
        await RunNowAsync(rule.Id);
        var (_, result) = await ClientRuns.BackupAsync(client, ClientRuns.Disk(seed, 4), signer: signer);
        return (client, signer.Fingerprint, result.Manifest.Id);
    }

    private async Task<string> StatusAsync(string archiveId) => (await Http.GetAsync<ArchiveInfo>(Admin, $"{ApiRoutes.Archives}/{archiveId}")).Status;

    private async Task<PoolInfo> PoolAsync() => (await Http.GetAsync<PoolInfo[]>(Admin, ApiRoutes.Pools)).Single();

    private static string ManifestFolder(PoolInfo pool) => Path.Combine(pool.Path, "manifests");

    /// <summary>What someone with write access to the pool folder could do to a plain archive: re-sign (or strip) its manifest.</summary>
    private async Task RewriteManifestAsync(string archiveId, ManifestSigner? signer)
    {
        var path = Path.Combine(ManifestFolder(await PoolAsync()), archiveId + ".manifest");
        var manifest = ManifestCodec.Deserialize(await File.ReadAllBytesAsync(path), null, path);
        await File.WriteAllBytesAsync(path, ManifestCodec.Serialize(manifest, null, signer));
    }

    private async Task<(TaskInfo Task, TaskLogLine[] Log)> VerifyAsync(string archiveId)
    {
        var verify = await Http.PostAsync<TaskInfo>(Admin, $"{ApiRoutes.Archives}/{archiveId}/verify");
        var settled = await ClientRuns.SettledAsync(Admin, verify.Id);
        return (settled, await Http.GetAsync<TaskLogLine[]>(Admin, $"{ApiRoutes.Tasks}/{verify.Id}/log"));
    }
}

public sealed class SqliteSignatureTests() : SignatureTests(CatalogBackend.Sqlite);

public sealed class PostgresSignatureTests() : SignatureTests(CatalogBackend.PostgreSql);
