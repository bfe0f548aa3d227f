using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Repository;
using RuBackup.Repository.Format;
using RuBackup.Repository.Remote.Server;
using RuBackup.Repository.Signing;
using RuBackup.Server.Archives;
using RuBackup.Server.Services;
using RuBackup.Server.Tasks;

namespace RuBackup.Server.Pools;

/// <summary>
/// Records an archive in the catalog around the device commit of a backup task's write session:
/// <list type="number">
/// <item>the manifest header is parsed without a key (nothing in it is secret) and checked against the task;
/// a signed manifest must be signed by the committing client's own key, whose fingerprint the row keeps;</item>
/// <item>the row is inserted with status "committing";</item>
/// <item>the device publishes the manifest;</item>
/// <item>the row becomes "ok" and the task gets its archive id and a log line with the transfer counts.</item>
/// </list>
/// A crash between 2 and 4 leaves a "committing" row, which startup recovery settles against the pool:
/// manifest present means ok, absent means the row goes.
/// </summary>
public sealed class ArchiveCommitter(ICatalog catalog, PoolDevices devices, PoolAccessCache cache, TaskQueue queue, AuditLog audit)
{
    public async Task CommitAsync(TaskInfo task, PoolCommit commit, Func<CancellationToken, Task> deviceCommit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(deviceCommit);
        var current = await catalog.FindTaskAsync(task.Id, cancellationToken).ConfigureAwait(false);
        if (current?.State != TaskState.Executing)
        {
            throw new PoolAccessDeniedException(409, $"task {task.Id} is {current?.State.ToString().ToLowerInvariant() ?? "gone"}; the archive is not committed");
        }
        var header = ParseHeader(commit);
        await CheckAgainstTaskAsync(task, header, cancellationToken).ConfigureAwait(false);
        var signerKey = await CheckSignerAsync(task, header, cancellationToken).ConfigureAwait(false);

        var rule = task.RuleId is { } ruleId ? await catalog.FindRuleAsync(ruleId, cancellationToken).ConfigureAwait(false) : null;
        var archive = new ArchiveInfo
        {
            Id = header.Id,
            ClientId = task.ClientId!.Value,
            ClientName = task.ClientName ?? "",
            Pool = task.Pool!,
            ResourceType = header.SourceType,
            Resource = header.Resource,
            ResourceName = string.IsNullOrEmpty(header.ResourceName) ? task.ResourceName : header.ResourceName,
            Type = Enum.Parse<BackupKind>(header.Type.ToString()),
            Base = header.Base,
            Created = header.Created,
            SourceBytes = header.TotalSize,
            StoredBytes = commit.Stats.BytesReceived,
            Status = ArchiveService.Committing,
            Encryption = header.Encrypted ? header.Encryption : "nocrypt",
            KeyId = header.KeyId,
            SignerKey = signerKey,
            RuleId = task.RuleId,
            KeepUntil = rule is null ? null : header.Created.AddDays(rule.Settings.RetentionDays),
        };
        try
        {
            await catalog.CreateArchiveAsync(archive, cancellationToken).ConfigureAwait(false);
        }
        catch (CatalogConflictException)
        {
            throw new PoolAccessDeniedException(409, $"archive '{header.Id}' is already in the catalog");
        }

        try
        {
            await deviceCommit(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The manifest may have landed before the failure (a rename done, the folder sync failed):
            // then the archive exists and the row must stay.
            var device = await devices.ForAsync(archive.Pool, CancellationToken.None).ConfigureAwait(false);
            if (!(await device.ListManifestsAsync(CancellationToken.None).ConfigureAwait(false)).Contains(archive.Id))
            {
                await catalog.DeleteArchiveAsync(archive.Id, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }

        // The manifest is published: whatever happens to the request now, the catalog must say so.
        await catalog.SetArchiveStatusAsync(archive.Id, ArchiveService.Ok, CancellationToken.None).ConfigureAwait(false);
        await catalog.SetTaskArchiveAsync(task.Id, archive.Id, CancellationToken.None).ConfigureAwait(false);
        cache.Forget(task.Id);
        var stats = commit.Stats;
        var asked = stats.ChunksAsked > 0 ? stats.ChunksAsked : stats.ChunksReceived;
        await queue.LogAsync(task.Id, "info",
            $"archive {archive.Id} committed to pool {archive.Pool}: received {stats.ChunksReceived} of {asked} chunks, {stats.BytesReceived} bytes, "
            + (signerKey is null ? "unsigned" : $"signed by client {archive.ClientName} (key {SignerKeys.Short(signerKey)})"),
            CancellationToken.None).ConfigureAwait(false);
        await audit.RecordAsync("client:" + archive.ClientName, "archive.create", $"archive {archive.Id}",
            $"task {task.Id}, {archive.Type} of {archive.ResourceType} {archive.Resource} in pool {archive.Pool}, {archive.StoredBytes} bytes stored", CancellationToken.None).ConfigureAwait(false);
    }

    private static ArchiveManifest ParseHeader(PoolCommit commit)
    {
        ArchiveManifest header;
        try
        {
            header = ManifestCodec.Deserialize(commit.Manifest.Span, null, $"manifest of {commit.ArchiveId}");
        }
        catch (RepositoryException e)
        {
            throw new PoolAccessDeniedException(400, e.Message);
        }
        if (header.Id != commit.ArchiveId)
        {
            throw new PoolAccessDeniedException(400, $"the manifest names archive '{header.Id}', the session writes '{commit.ArchiveId}'");
        }
        return header;
    }

    /// <summary>
    /// The fingerprint of the manifest's signer, which must be the committing client's own key (the
    /// codec has already checked the signature itself); null for an unsigned manifest, which modules
    /// from before signing still write.
    /// </summary>
    private async Task<string?> CheckSignerAsync(TaskInfo task, ArchiveManifest header, CancellationToken cancellationToken)
    {
        if (header.SignerKey is null)
        {
            return null;
        }
        var signer = SignerKeys.FingerprintOf(header.SignerKey)
            ?? throw new PoolAccessDeniedException(400, $"the manifest of archive '{header.Id}' names a signer key that is not base64");
        var client = await catalog.FindClientAsync(task.ClientId!.Value, cancellationToken).ConfigureAwait(false)
            ?? throw new PoolAccessDeniedException(409, $"client {task.ClientName} of task {task.Id} is no longer registered; the archive is not committed");
        if (!string.Equals(signer, client.Info.KeyFingerprint, StringComparison.OrdinalIgnoreCase))
        {
            throw new PoolAccessDeniedException(403,
                $"manifest of archive '{header.Id}' signed by key {SignerKeys.Short(signer)}, but client {client.Info.Name}'s key is {SignerKeys.Short(client.Info.KeyFingerprint)}; the archive is not committed");
        }
        return client.Info.KeyFingerprint;
    }

    private async Task CheckAgainstTaskAsync(TaskInfo task, ArchiveManifest header, CancellationToken cancellationToken)
    {
        if (header.SourceType != task.ResourceType || header.Resource != task.Resource)
        {
            throw new PoolAccessDeniedException(409,
                $"archive '{header.Id}' is of {header.SourceType} '{header.Resource}', but task {task.Id} backs up {task.ResourceType} '{task.Resource}'");
        }
        if (header.Base is { } baseId)
        {
            var baseArchive = await catalog.FindArchiveAsync(baseId, cancellationToken).ConfigureAwait(false);
            if (baseArchive is null || baseArchive.ClientId != task.ClientId || baseArchive.Pool != task.Pool || baseArchive.Status != ArchiveService.Ok)
            {
                throw new PoolAccessDeniedException(409, $"archive '{header.Id}' is based on '{baseId}', which is not an ok archive of this client in pool {task.Pool}");
            }
        }
    }
}
