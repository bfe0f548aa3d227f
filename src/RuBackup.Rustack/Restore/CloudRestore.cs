using RuBackup.Repository.Crypto;
using RuBackup.Repository.Engine;
using RuBackup.Repository.Signing;
using RuBackup.Rustack.Backup;
using RuBackup.Rustack.Cloud;

namespace RuBackup.Rustack.Restore;

public sealed record CloudRestoreResult(string ServerId, string Name, IReadOnlyList<string> VolumeIds);

/// <summary>
/// `-x`: deploys an archive as a new VM. For each disk a new volume (marked temporary until the VM
/// exists) is attached to the backup VM and written from the archive; then the VM is created from
/// those volumes with the recorded flavor, networks and boot order, under its original name when
/// free. Restoring into an existing VM is not supported (as in the product).
/// </summary>
public sealed class CloudRestore(RustackCloud cloud, RunRegistry runs, ModuleLog log)
{
    private const long GiB = 1L << 30;

    public TimeSpan CleanupDeadline { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The clients' keys the archives' signers are judged by (`--signers`); null: signatures are reported unchecked.</summary>
    public TrustedSigners? Signers { get; init; }

    /// <param name="repository">A repository folder or a pool URL (see <see cref="RepositoryAccess"/>).</param>
    /// <param name="progress">Bytes written to the new volumes of the bytes to write.</param>
    public async Task<CloudRestoreResult> RunAsync(string repository, string archiveId, MasterKey? key, TransferProgress? progress, CancellationToken cancellationToken)
    {
        var config = cloud.Config;
        using var opened = await RepositoryAccess.OpenAsync(repository, cancellationToken).ConfigureAwait(false);
        var reader = new RestoreReader(opened.Repository);
        var (chain, disks) = await reader.ResolveAsync(archiveId, key, cancellationToken).ConfigureAwait(false);
        // Judged before the cloud is touched: a refused archive leaves no volume or VM behind.
        SignatureGate.Check(chain, Signers, log);
        var archive = chain[^1];
        var description = VmDescription.FromBytes(archive.Metadata, archiveId);
        var backupVm = await cloud.Nova.FindServerAsync(config.RubackupVmId!, cancellationToken).ConfigureAwait(false)
            ?? throw CloudException.For("find backup VM", $"rubackup-vm-id {config.RubackupVmId}", "no such VM in the project");
        var name = VmNaming.FreeName(description.Name, (await cloud.Nova.ListServersAsync(cancellationToken).ConfigureAwait(false)).Select(s => s.Name));
        var runId = TemporaryResources.NewRunId(cloud.Time);
        using var runLock = runs.Register(runId);
        var ops = new TemporaryOps(cloud);
        log.Info($"restore of archive {archiveId} as VM {name}, run {runId}");

        var cleanup = new CleanupStack();
        var created = new List<(Volume Volume, DiskDescription Disk)>();
        try
        {
            foreach (var disk in disks)
            {
                var recorded = description.Disks.FirstOrDefault(d => d.VolumeId == disk.Name)
                    ?? new DiskDescription { VolumeId = disk.Name, SizeGib = (disk.Size + GiB - 1) / GiB, BootIndex = created.Count };
                var sizeGib = Math.Max(recorded.SizeGib, (disk.Size + GiB - 1) / GiB);
                var volume = await cloud.Cinder.CreateVolumeAsync(TemporaryResources.Name(runId, "restore", disk.Name), sizeGib, null, recorded.VolumeType,
                    TemporaryResources.Metadata(runId, description.Id, backupVm.Id), cancellationToken).ConfigureAwait(false);
                cleanup.Push($"delete volume {volume.Id}", ct => ops.DeleteVolumeAsync(volume.Id, ct));
                await ops.Waiter.UntilAsync(ct => cloud.Cinder.FindVolumeAsync(volume.Id, ct), v => v.Status, "available",
                    TemporaryOps.Seconds(config.VolumeCreationTimeoutSeconds), "volume_creation_timeout", "wait for new volume", $"volume {volume.Id} for disk {disk.Name}", cancellationToken).ConfigureAwait(false);
                created.Add((volume, recorded));
            }

            await WriteDisksAsync(reader, archive, disks, created.Select(c => c.Volume).ToList(), backupVm.Id, key, progress, ops, cancellationToken).ConfigureAwait(false);

            foreach (var (volume, disk) in created.Where(c => c.Disk.Bootable))
            {
                await cloud.Cinder.SetBootableAsync(volume.Id, true, cancellationToken).ConfigureAwait(false);
            }
            var server = await CreateServerAsync(name, description, created, cancellationToken).ConfigureAwait(false);
            cleanup.Push($"delete VM {server.Id}", ct => DeleteServerAsync(server.Id, ops, ct));
            await ops.Waiter.UntilAsync(ct => cloud.Nova.FindServerAsync(server.Id, ct), s => s.Status, "ACTIVE",
                TemporaryOps.Seconds(config.VolumeCreationTimeoutSeconds), "volume_creation_timeout", "wait for VM", $"VM {name} ({server.Id})", cancellationToken).ConfigureAwait(false);

            for (var i = 0; i < created.Count; i++)
            {
                await cloud.Cinder.UpdateVolumeAsync(created[i].Volume.Id, $"{name}-disk{i}", new Dictionary<string, string>(), cancellationToken).ConfigureAwait(false);
            }
            return new CloudRestoreResult(server.Id, name, [.. created.Select(c => c.Volume.Id)]);
        }
        catch
        {
            await cleanup.RunAsync(CleanupDeadline, log).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Deletes the half-built VM and waits until it is gone: Nova deletes asynchronously and its
    /// volumes stay in-use (undeletable) until then.
    /// </summary>
    private async Task DeleteServerAsync(string serverId, TemporaryOps ops, CancellationToken cancellationToken)
    {
        try
        {
            await cloud.Nova.DeleteServerAsync(serverId, cancellationToken).ConfigureAwait(false);
        }
        catch (CloudException e) when (e.Status == 404)
        {
            return;
        }
        await ops.Waiter.GoneAsync(ct => cloud.Nova.FindServerAsync(serverId, ct), s => "deleting, " + s.Status, TemporaryOps.Seconds(cloud.Config.VolumeCreationTimeoutSeconds),
            "wait for VM deletion", $"VM {serverId}", cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteDisksAsync(RestoreReader reader, RuBackup.Repository.Format.ArchiveManifest archive, IReadOnlyList<ResolvedDisk> disks, IReadOnlyList<Volume> volumes,
        string backupVmId, MasterKey? key, TransferProgress? progress, TemporaryOps ops, CancellationToken cancellationToken)
    {
        // Attached one after another but written in one pass, so restore uses every core.
        var detach = new CleanupStack();
        var targets = new List<IDiskTarget>();
        try
        {
            foreach (var volume in volumes)
            {
                await cloud.Nova.AttachVolumeAsync(backupVmId, volume.Id, cancellationToken).ConfigureAwait(false);
                detach.Push($"detach volume {volume.Id} from the backup VM", ct => ops.DetachAsync(backupVmId, volume.Id, ct));
                var timeout = TemporaryOps.Seconds(cloud.Config.VolumeAttachmentTimeoutSeconds);
                await ops.Waiter.UntilAsync(ct => cloud.Cinder.FindVolumeAsync(volume.Id, ct), v => v.Status, "in-use", timeout, "volume_attachment_timeout",
                    "wait for attachment", $"volume {volume.Id} to backup VM {backupVmId}", cancellationToken).ConfigureAwait(false);
                var device = await DeviceLocator.WaitAsync(cloud.Config.ByIdDir, volume.Id, timeout, cloud.Time, cancellationToken).ConfigureAwait(false);
                targets.Add(new BlockDeviceTarget(device));
            }
            await reader.RestoreAsync(archive, disks, targets, key, progress, 0, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var target in targets)
            {
                target.Dispose();
            }
            var failures = await detach.RunAsync(CleanupDeadline, log).ConfigureAwait(false);
            if (failures.Count > 0)
            {
                throw CloudException.For("detach restored volumes", $"backup VM {backupVmId}", string.Join("; ", failures));
            }
        }
    }

    private async Task<Server> CreateServerAsync(string name, VmDescription description, IReadOnlyList<(Volume Volume, DiskDescription Disk)> volumes, CancellationToken cancellationToken)
    {
        var flavorId = description.Flavor.Id;
        if (flavorId is null && description.Flavor.Name is not null)
        {
            flavorId = (await cloud.Nova.ListFlavorsAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(f => f.Name == description.Flavor.Name)?.Id;
        }
        if (flavorId is null)
        {
            throw CloudException.For("create VM", $"VM {name}", $"flavor '{description.Flavor.Name ?? "?"}' of the archive does not exist in the project");
        }
        var ordered = volumes.OrderBy(v => v.Disk.BootIndex).ToList();
        var mappings = ordered.Select((v, i) => new Dictionary<string, object>
        {
            ["uuid"] = v.Volume.Id,
            ["source_type"] = "volume",
            ["destination_type"] = "volume",
            // The recorded first disk boots; the rest are data disks (-1: not a boot device, as Nova documents).
            ["boot_index"] = i == 0 ? 0 : -1,
            ["delete_on_termination"] = false,
        }).ToList();
        var networkIds = description.Networks.Where(n => n.Id is not null).Select(n => new { uuid = n.Id }).ToList();
        object networks = networkIds.Count > 0 ? networkIds : "none";
        if (networkIds.Count < description.Networks.Count)
        {
            log.Warn($"VM {name}: {description.Networks.Count - networkIds.Count} networks of the archive have no recorded id and are not attached");
        }
        var body = new Dictionary<string, object>
        {
            ["server"] = new Dictionary<string, object?>
            {
                ["name"] = name,
                ["flavorRef"] = flavorId,
                ["networks"] = networks,
                ["block_device_mapping_v2"] = mappings,
                ["metadata"] = new Dictionary<string, string> { ["rubackup_restored_from"] = description.Id },
            },
        };
        return await cloud.Nova.CreateServerAsync(body, name, cancellationToken).ConfigureAwait(false);
    }
}
