using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Repository;
using RuBackup.Repository.Engine;
using RuBackup.Server.Archives;
using RuBackup.Server.Options;
using RuBackup.Server.Pools;

namespace RuBackup.Server.Tasks;

/// <summary>
/// Runs the tasks that need no client, one at a time, oldest first: verify (keyless checks of an
/// archive's chunks and manifest, and of who signed it; a failure marks the archive "damaged") and delete (manifest, catalog
/// row, then gc of a dedup pool). Woken when such a task is created, and looks at the queue every
/// <see cref="ServerOptions.WorkerPollInterval"/> regardless.
/// </summary>
public sealed partial class ServerTaskWorker(
    ICatalog catalog, PoolDevices devices, TaskSignals signals, TaskQueue queue, ServerOptions options, TimeProvider time, ILogger<ServerTaskWorker> logger,
    Moves.ArchiveMover mover) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var woken = signals.ServerWork.Next;
            try
            {
                while (await RunNextAsync(stoppingToken).ConfigureAwait(false))
                {
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the worker must outlive one bad task or a catalog hiccup
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogWorkerFailure(logger, e);
            }
            try
            {
                await woken.WaitAsync(options.WorkerPollInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Takes and runs the oldest new server task; false when there is none.</summary>
    public async Task<bool> RunNextAsync(CancellationToken cancellationToken)
    {
        var candidates = await catalog.ListTasksAsync(new TaskQuery(State: TaskState.New, Limit: 10_000), cancellationToken).ConfigureAwait(false);
        foreach (var candidate in candidates.Where(t => TaskQueue.ServerKinds.Contains(t.Kind)).OrderBy(t => t.Id))
        {
            var task = await catalog.TransitionTaskAsync(candidate.Id, [TaskState.New], TaskState.Executing, time.GetUtcNow(), null, cancellationToken).ConfigureAwait(false);
            if (task is null)
            {
                continue; // cancelled meanwhile
            }
            string? error;
            try
            {
                error = task.Kind switch
                {
                    TaskKind.Verify => await VerifyAsync(task, cancellationToken).ConfigureAwait(false),
                    TaskKind.Move => await mover.RunAsync(task, cancellationToken).ConfigureAwait(false),
                    _ => await DeleteAsync(task, cancellationToken).ConfigureAwait(false),
                };
            }
            catch (Exception e) when (e is RepositoryException or IOException or UnauthorizedAccessException or RuBackup.Server.Api.ApiException)
            {
                error = e.Message;
            }
            if (error is not null)
            {
                await queue.LogAsync(task.Id, "error", error, cancellationToken).ConfigureAwait(false);
            }
            // A cancel that came while it ran wins: the transition from Executing fails and the task stays Cancelled.
            await catalog.TransitionTaskAsync(task.Id, [TaskState.Executing], error is null ? TaskState.Done : TaskState.Error, time.GetUtcNow(), error, cancellationToken).ConfigureAwait(false);
            return true;
        }
        return false;
    }

    /// <summary>
    /// Checks the archive's chain keyless (chunk checksums, manifest signatures) and judges who signed
    /// each manifest against the catalog's client keys. Damage, an unknown signer, or a signer other
    /// than the one recorded at commit fail it and mark the archive damaged; a revoked or missing
    /// signature is a warning only.
    /// </summary>
    private async Task<string?> VerifyAsync(TaskInfo task, CancellationToken cancellationToken)
    {
        var archive = await catalog.FindArchiveAsync(task.ArchiveId!, cancellationToken).ConfigureAwait(false);
        if (archive is null)
        {
            return $"archive '{task.ArchiveId}' is no longer in the catalog";
        }
        var repository = await devices.OpenAsync(archive.Pool, cancellationToken).ConfigureAwait(false);
        var signers = ClientSigners.Trust(await ClientSigners.ListAsync(catalog, cancellationToken).ConfigureAwait(false));
        var report = await new RepositoryVerifier(repository) { Signers = signers }.VerifyAsync(archive.Id, null, null, cancellationToken).ConfigureAwait(false);
        foreach (var note in report.Notes)
        {
            await queue.LogAsync(task.Id, "info", note, cancellationToken).ConfigureAwait(false);
        }
        await catalog.UpdateTaskProgressAsync(task.Id, report.BytesChecked, report.BytesChecked, cancellationToken).ConfigureAwait(false);
        var signatures = await SignatureFindings.JudgeAsync(catalog, report.Signatures, cancellationToken).ConfigureAwait(false);
        foreach (var line in signatures.Lines)
        {
            await queue.LogAsync(task.Id, line.Level, line.Message, cancellationToken).ConfigureAwait(false);
        }
        if (!report.Damaged && signatures.Failures.Count == 0)
        {
            await queue.LogAsync(task.Id, "info", $"archive {archive.Id}: {report.ArchivesChecked} chain(s), {report.ChunksChecked} chunks, {report.BytesChecked} bytes checked, no damage", cancellationToken).ConfigureAwait(false);
            await catalog.SetArchiveVerifiedAsync(archive.Id, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            if (archive.Status == ArchiveService.Damaged)
            {
                await catalog.SetArchiveStatusAsync(archive.Id, ArchiveService.Ok, cancellationToken).ConfigureAwait(false);
            }
            return null;
        }
        foreach (var damaged in report.DamagedManifests)
        {
            await queue.LogAsync(task.Id, "error", $"manifest {damaged.ArchiveId}: {damaged.Reason}", cancellationToken).ConfigureAwait(false);
        }
        foreach (var damaged in report.DamagedChunks.Take(100))
        {
            await queue.LogAsync(task.Id, "error", $"chunk {damaged.Digest} in {damaged.Container}: {damaged.Reason}", cancellationToken).ConfigureAwait(false);
        }
        await catalog.SetArchiveStatusAsync(archive.Id, ArchiveService.Damaged, cancellationToken).ConfigureAwait(false);
        var problems = report.Damaged
            ? [$"archive {archive.Id} is damaged: {report.DamagedChunks.Count} damaged chunk(s), {report.DamagedManifests.Count} damaged manifest(s)", .. signatures.Failures]
            : signatures.Failures;
        return string.Join("; ", problems);
    }

    private async Task<string?> DeleteAsync(TaskInfo task, CancellationToken cancellationToken)
    {
        var archive = await catalog.FindArchiveAsync(task.ArchiveId!, cancellationToken).ConfigureAwait(false);
        if (archive is null)
        {
            return $"archive '{task.ArchiveId}' is no longer in the catalog";
        }
        var siblings = await catalog.ListArchivesAsync(new ArchiveQuery(Pool: archive.Pool), cancellationToken).ConfigureAwait(false);
        if (siblings.Where(a => a.Base == archive.Id).Select(a => a.Id).ToList() is { Count: > 0 } dependents)
        {
            return $"archive '{archive.Id}' is the base of {string.Join(", ", dependents)}; not deleted";
        }
        var repository = await devices.OpenAsync(archive.Pool, cancellationToken).ConfigureAwait(false);
        // Manifest first, then the row: a crash between leaves a row without manifest, which check reports.
        if ((await repository.Device.ListManifestsAsync(cancellationToken).ConfigureAwait(false)).Contains(archive.Id))
        {
            await repository.Device.DeleteArchiveAsync(archive.Id, cancellationToken).ConfigureAwait(false);
        }
        await catalog.DeleteArchiveAsync(archive.Id, cancellationToken).ConfigureAwait(false);
        await queue.LogAsync(task.Id, "info", $"archive {archive.Id} deleted from pool {archive.Pool}", cancellationToken).ConfigureAwait(false);
        if (repository.Config.Dedup)
        {
            var gc = await new GarbageCollector(repository).CollectAsync(null, cancellationToken).ConfigureAwait(false);
            await queue.LogAsync(task.Id, "info", $"gc of pool {archive.Pool}: {gc.ChunksRemoved} chunks ({gc.BytesRemoved} bytes) removed, {gc.ChunksKept} kept", cancellationToken).ConfigureAwait(false);
        }
        return null;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "server task worker failed; retrying")]
    private static partial void LogWorkerFailure(ILogger logger, Exception exception);
}
