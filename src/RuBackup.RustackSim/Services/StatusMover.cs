using RuBackup.RustackSim.Model;

namespace RuBackup.RustackSim.Services;

/// <summary>
/// Moves resources out of their transitional statuses once their delay has passed, like Cinder's and
/// Nova's asynchronous workers: clients see creating/attaching/... first and must poll. Pending
/// changes live in the persisted state, so a restart resumes them.
/// </summary>
public sealed class StatusMover(CloudStore store, VolumeFiles files, SimOptions options, TimeProvider clock, ILogger<StatusMover> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A quarter of the delay keeps transitions close to --op-delay-ms without busy polling.
        var tick = TimeSpan.FromMilliseconds(Math.Clamp(options.OpDelayMs / 4, 5, 100));
        using var timer = new PeriodicTimer(tick, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                ApplyDue(clock.GetUtcNow());
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogError(e, "status transition failed");
            }
        }
    }

    public void ApplyDue(DateTimeOffset now)
    {
        bool Due(PendingChange? p) => p is { Target: not null } && p.DueAt <= now;
        if (!store.Read(s => s.Volumes.Any(v => Due(v.Pending)) || s.Snapshots.Any(x => Due(x.Pending)) || s.Servers.Any(x => Due(x.Pending))))
        {
            return;
        }
        store.Change(state =>
        {
            foreach (var volume in state.Volumes.Where(v => Due(v.Pending)).ToList())
            {
                ApplyVolume(state, volume, now);
            }
            foreach (var snapshot in state.Snapshots.Where(s => Due(s.Pending)).ToList())
            {
                var change = snapshot.Pending!;
                snapshot.Pending = null;
                snapshot.Updated = now;
                if (change.Kind == "delete" && change.Target == "")
                {
                    VolumeFiles.Delete(files.SnapshotPath(snapshot.Id));
                    state.Snapshots.Remove(snapshot);
                }
                else
                {
                    snapshot.Status = change.Target!;
                }
            }
            foreach (var server in state.Servers.Where(s => Due(s.Pending)).ToList())
            {
                var change = server.Pending!;
                server.Pending = null;
                server.Updated = now;
                if (change.Kind == "delete")
                {
                    DetachAll(state, server.Id, now);
                    state.Servers.Remove(server);
                }
                else
                {
                    server.Status = change.Target!;
                }
            }
        });
    }

    private void ApplyVolume(CloudState state, VolumeRecord volume, DateTimeOffset now)
    {
        var change = volume.Pending!;
        volume.Pending = null;
        volume.Updated = now;
        var attachment = volume.Attachments.FirstOrDefault(a => a.Id == change.AttachmentId);
        switch (change.Kind)
        {
            case "delete" when change.Target == "":
                VolumeFiles.Delete(files.VolumePath(volume.Id));
                files.Unlink(volume.Id);
                state.Volumes.Remove(volume);
                return;
            case "attach" when change.Target == "in-use":
                if (attachment is not null && state.IsBackupVm(attachment.ServerId))
                {
                    files.Link(volume.Id);
                }
                break;
            case "attach":
                // A failed attach leaves no attachment behind, as in Cinder.
                if (attachment is not null)
                {
                    volume.Attachments.Remove(attachment);
                }
                break;
            case "detach" when change.Target == "available":
                if (attachment is not null)
                {
                    volume.Attachments.Remove(attachment);
                    if (state.IsBackupVm(attachment.ServerId))
                    {
                        files.Unlink(volume.Id);
                    }
                }
                break;
        }
        volume.Status = change.Target!;
    }

    private void DetachAll(CloudState state, string serverId, DateTimeOffset now)
    {
        foreach (var volume in state.Volumes)
        {
            if (volume.Attachments.RemoveAll(a => a.ServerId == serverId) > 0 && volume.Attachments.Count == 0)
            {
                volume.Status = "available";
                volume.Pending = null;
                volume.Updated = now;
            }
        }
    }
}
