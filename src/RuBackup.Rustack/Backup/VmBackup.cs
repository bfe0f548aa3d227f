using RuBackup.Repository.Engine;
using RuBackup.Rustack.Cloud;

namespace RuBackup.Rustack.Backup;

/// <summary>
/// One agentless backup of a VM: snapshot every volume (force, the VM keeps running), make a volume
/// from each snapshot, attach those to the backup VM, read them into one archive, then detach and
/// delete everything temporary. Every created resource is pushed on a cleanup stack the moment the
/// cloud accepts it, so failure, timeout and Ctrl-C all leave the project as it was.
/// </summary>
public sealed class VmBackup(RustackCloud cloud, RunRegistry runs, IProcessRunner processes, ModuleLog log)
{
    public const string SourceType = "rustack";

    public TimeSpan CleanupDeadline { get; init; } = TimeSpan.FromMinutes(30);

    public async Task<VmBackupResult> RunAsync(VmBackupRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var config = cloud.Config;
        var backupVmId = config.RubackupVmId!;
        var ops = new TemporaryOps(cloud, log);
        var runId = TemporaryResources.NewRunId(cloud.Time);
        using var runLock = runs.Register(runId);

        var backupVm = await cloud.Nova.FindServerAsync(backupVmId, cancellationToken).ConfigureAwait(false)
            ?? throw CloudException.For("find backup VM", $"rubackup-vm-id {backupVmId}", "no such VM in the project");
        var server = await VmResolver.ResolveAsync(cloud.Nova, request.Vm, cancellationToken).ConfigureAwait(false);
        var swept = await new LeftoverSweeper(cloud, ops, runs, log).SweepAsync(backupVm.Id, runId, request.SweepTasks, cancellationToken).ConfigureAwait(false);
        if (swept > 0)
        {
            log.Info($"removed {swept} leftovers of earlier runs");
        }
        var (description, volumes) = await new VmDescriber(cloud, log).DescribeAsync(server, cancellationToken).ConfigureAwait(false);
        log.Info($"backup of VM {server.Name} ({server.Id}): {volumes.Count} volumes, run {runId}");

        var cleanup = new CleanupStack();
        try
        {
            var marks = TemporaryResources.Metadata(runId, server.Id, backupVm.Id, request.TaskId);
            var snapshots = await SnapshotAllAsync(request, server, volumes, runId, marks, ops, cleanup, cancellationToken).ConfigureAwait(false);
            var devices = new List<(string VolumeId, string Device)>();
            foreach (var (volume, snapshot) in volumes.Zip(snapshots))
            {
                var copy = await CloneAsync(volume, snapshot, runId, marks, ops, cleanup, cancellationToken).ConfigureAwait(false);
                var device = await AttachAsync(backupVm.Id, copy, ops, cleanup, cancellationToken).ConfigureAwait(false);
                devices.Add((volume.Id, device));
            }
            var archive = await WriteArchiveAsync(request, description, devices, cancellationToken).ConfigureAwait(false);
            var failures = await cleanup.RunAsync(CleanupDeadline, log).ConfigureAwait(false);
            if (failures.Count > 0)
            {
                log.Warn($"the archive {archive.Manifest.Id} is complete, but {failures.Count} temporary resources could not be removed; "
                    + (ops.CanForce ? "the next run removes them" : "stuck ones need admin credentials (admin_name, admin_password) to be force-removed"));
            }
            return new VmBackupResult(archive.Manifest.Id, archive.Manifest.Type, description, [.. archive.Warnings, .. log.Warnings]);
        }
        catch
        {
            await cleanup.RunAsync(CleanupDeadline, log).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<IReadOnlyList<Snapshot>> SnapshotAllAsync(VmBackupRequest request, Server server, IReadOnlyList<Volume> volumes, string runId, Dictionary<string, string> marks, TemporaryOps ops, CleanupStack cleanup, CancellationToken cancellationToken)
    {
        var scripts = await PrepareScriptsAsync(request, server, cancellationToken).ConfigureAwait(false);
        if (scripts is not null)
        {
            // A failing before-script throws here, before anything exists in the cloud.
            await scripts.RunAsync(ScriptPhase.Before, cancellationToken).ConfigureAwait(false);
        }
        var snapshots = new List<Snapshot>();
        try
        {
            foreach (var volume in volumes)
            {
                var metadata = new Dictionary<string, string>(marks, StringComparer.Ordinal);
                // Not cancelled mid-request: the cloud may create the snapshot after we stopped
                // listening, and then the cleanup stack would not know it (see CreateUncancelledAsync).
                var snapshot = await CreateUncancelledAsync(ct => cloud.Cinder.CreateSnapshotAsync(volume.Id, TemporaryResources.Name(runId, "snap", volume.Id), metadata, ct)).ConfigureAwait(false);
                cleanup.Push($"delete snapshot {snapshot.Id}", ct => ops.DeleteSnapshotAsync(snapshot.Id, ct));
                snapshots.Add(snapshot);
                cancellationToken.ThrowIfCancellationRequested();
            }
            for (var i = 0; i < snapshots.Count; i++)
            {
                var id = snapshots[i].Id;
                snapshots[i] = await ops.Waiter.UntilAsync(ct => cloud.Cinder.FindSnapshotAsync(id, ct), s => s.Status, "available",
                    TemporaryOps.Seconds(cloud.Config.SnapshotCreationTimeoutSeconds), "snapshot_creation_timeout",
                    "wait for snapshot", $"snapshot {id} of volume {volumes[i].Id}", cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // The after-script undoes what the before-script did (unfreezes the application), so it
            // runs whether the snapshots succeeded or not; its failure alone does not fail the backup.
            if (scripts is not null)
            {
                try
                {
                    await scripts.RunAsync(ScriptPhase.After, CancellationToken.None).ConfigureAwait(false);
                }
                catch (GuestAgentException e)
                {
                    log.Warn(e.Message);
                }
            }
        }
        return snapshots;
    }

    private async Task<GuestScripts?> PrepareScriptsAsync(VmBackupRequest request, Server server, CancellationToken cancellationToken)
    {
        var before = request.ScriptBefore ?? cloud.Config.ScriptBeforeSnapshot;
        var after = request.ScriptAfter ?? cloud.Config.ScriptAfterSnapshot;
        if (cloud.AdminNova is null)
        {
            var what = before is not null || after is not null ? "the configured guest scripts are" : $"{GuestScripts.DefaultScript} is";
            log.Warn($"{what} not run: admin_name and admin_password are not configured (they give the VM's hypervisor host)");
            return null;
        }
        var detail = await cloud.AdminNova.GetServerAsync(server.Id, cancellationToken).ConfigureAwait(false);
        var host = detail.Host ?? detail.HypervisorHostname;
        if (host is null || detail.InstanceName is null)
        {
            log.Warn($"guest scripts not run: the cloud does not show VM {server.Name}'s hypervisor host and instance name to the admin user");
            return null;
        }
        var agent = new GuestAgent(cloud.Config, processes, cloud.Time, host, detail.InstanceName);
        return new GuestScripts(agent, before, after, log);
    }

    private async Task<Volume> CloneAsync(Volume source, Snapshot snapshot, string runId, Dictionary<string, string> marks, TemporaryOps ops, CleanupStack cleanup, CancellationToken cancellationToken)
    {
        var name = TemporaryResources.Name(runId, "vol", source.Id);
        var created = await CreateUncancelledAsync(ct => cloud.Cinder.CreateVolumeAsync(name, source.Size, snapshot.Id, source.VolumeType, new Dictionary<string, string>(marks, StringComparer.Ordinal), ct)).ConfigureAwait(false);
        cleanup.Push($"delete volume {created.Id}", ct => ops.DeleteVolumeAsync(created.Id, ct));
        cancellationToken.ThrowIfCancellationRequested();
        return await ops.Waiter.UntilAsync(ct => cloud.Cinder.FindVolumeAsync(created.Id, ct), v => v.Status, "available",
            TemporaryOps.Seconds(cloud.Config.VolumeCreationTimeoutSeconds), "volume_creation_timeout",
            "wait for volume from snapshot", $"volume {created.Id} from snapshot {snapshot.Id}", cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> AttachAsync(string backupVmId, Volume volume, TemporaryOps ops, CleanupStack cleanup, CancellationToken cancellationToken)
    {
        // The detach is pushed before the request: the volume id is known, and a detach of a volume
        // that never got attached does nothing; so an attach the cloud made but whose answer we lost
        // (timeout, failure after acceptance) is still undone before the volume is deleted.
        cleanup.Push($"detach volume {volume.Id} from the backup VM", ct => ops.DetachAsync(backupVmId, volume.Id, ct));
        await CreateUncancelledAsync(ct => cloud.Nova.AttachVolumeAsync(backupVmId, volume.Id, ct)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var timeout = TemporaryOps.Seconds(cloud.Config.VolumeAttachmentTimeoutSeconds);
        await ops.Waiter.UntilAsync(ct => cloud.Cinder.FindVolumeAsync(volume.Id, ct), v => v.Status, "in-use", timeout, "volume_attachment_timeout",
            "wait for attachment", $"volume {volume.Id} to backup VM {backupVmId}", cancellationToken).ConfigureAwait(false);
        return await DeviceLocator.WaitAsync(cloud.Config.ByIdDir, volume.Id, timeout, cloud.Time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A request that creates something is not cancelled by Ctrl-C once sent: had we dropped it, the
    /// cloud could still create the resource and the run would not know its id to remove it. The
    /// request's own timeout and retries still bound it; the caller checks cancellation right after.
    /// </summary>
    private static Task<T> CreateUncancelledAsync<T>(Func<CancellationToken, Task<T>> create) => create(CancellationToken.None);

    private static async Task<BackupResult> WriteArchiveAsync(VmBackupRequest request, VmDescription description, IReadOnlyList<(string VolumeId, string Device)> devices, CancellationToken cancellationToken)
    {
        using var opened = await RepositoryAccess.OpenAsync(request.Repository, cancellationToken).ConfigureAwait(false);
        var sources = new List<IDiskSource>();
        try
        {
            foreach (var (volumeId, device) in devices)
            {
                sources.Add(new FileDiskSource(volumeId, device));
            }
            var backup = new BackupRequest
            {
                Resource = description.Id,
                ResourceName = description.Name,
                SourceType = SourceType,
                Type = request.Type,
                Disks = sources,
                Key = request.Key,
                Encryption = request.Encryption,
                Signer = request.Signer,
                Metadata = description.ToBytes(),
            };
            return await new BackupWriter(opened.Repository).WriteAsync(backup, request.Progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var source in sources)
            {
                source.Dispose();
            }
        }
    }
}
