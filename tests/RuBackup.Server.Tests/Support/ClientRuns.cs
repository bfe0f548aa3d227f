using RuBackup.Api;
using RuBackup.Repository.Engine;
using RuBackup.Repository.Format;
using RuBackup.Repository.Remote;
using RuBackup.Repository.Signing;

namespace RuBackup.Server.Tests.Support;

/// <summary>What the client daemon does with a task, done here with the engine over the pool protocol.</summary>
public static class ClientRuns
{
    public static byte[] Disk(int seed, int chunks, int chunkSize = 64 * 1024)
    {
        var content = new byte[chunks * chunkSize];
        new Random(seed).NextBytes(content.AsSpan(0, (chunks - 1) * chunkSize)); // the last chunk stays zero
        return content;
    }

    /// <summary>Claims the next task (a backup), writes the disk into its pool through the server, and finishes it.</summary>
    public static async Task<(TaskInfo Task, BackupResult Result)> BackupAsync(FakeClient client, byte[] disk, ArchiveType type = ArchiveType.Full, ManifestSigner? signer = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var assignment = await client.NextAsync(10).ConfigureAwait(false) ?? throw new InvalidOperationException("no task for " + client.Name);
        await client.StartAsync(assignment.Task.Id).ConfigureAwait(false);
        var result = await WriteAsync(client, assignment, disk, type, signer).ConfigureAwait(false);
        var finished = await client.FinishAsync(assignment.Task.Id).ConfigureAwait(false);
        return (finished, result);
    }

    /// <param name="signer">Signs the manifest as the client daemon does with its key (<see cref="FakeClient.Signer"/>); null: unsigned, as older modules write.</param>
    public static async Task<BackupResult> WriteAsync(FakeClient client, TaskAssignment assignment, byte[] disk, ArchiveType type = ArchiveType.Full, ManifestSigner? signer = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(assignment);
        using var device = new HttpPoolDevice(new Uri(assignment.PoolUrl), client.Token);
        var repository = await BackupRepository.OpenAsync(device).ConfigureAwait(false);
        return await new BackupWriter(repository).WriteAsync(new BackupRequest
        {
            SourceType = assignment.Task.ResourceType!,
            Resource = assignment.Task.Resource!,
            ResourceName = assignment.Task.ResourceName,
            Type = type,
            Disks = [new MemoryDiskSource("disk0", disk)],
            Signer = signer,
            Parallelism = 2,
        }).ConfigureAwait(false);
    }

    /// <summary>Claims the next task (a restore into a folder) and restores it through the server; returns the restored disk.</summary>
    public static async Task<byte[]> RestoreAsync(FakeClient client, string folder)
    {
        ArgumentNullException.ThrowIfNull(client);
        var assignment = await client.NextAsync(10).ConfigureAwait(false) ?? throw new InvalidOperationException("no task for " + client.Name);
        await client.StartAsync(assignment.Task.Id).ConfigureAwait(false);
        using var device = new HttpPoolDevice(new Uri(assignment.PoolUrl), client.Token);
        var repository = await BackupRepository.OpenAsync(device).ConfigureAwait(false);
        await new RestoreReader(repository).RestoreToFolderAsync(assignment.Task.ArchiveId!, folder, null).ConfigureAwait(false);
        await client.FinishAsync(assignment.Task.Id).ConfigureAwait(false);
        return await File.ReadAllBytesAsync(Path.Combine(folder, "disk0.raw")).ConfigureAwait(false);
    }

    /// <summary>Waits until a task leaves new/assigned/executing (server-side tasks run in the worker).</summary>
    public static async Task<TaskInfo> SettledAsync(HttpClient admin, long taskId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var task = await Http.GetAsync<TaskInfo>(admin, $"{ApiRoutes.Tasks}/{taskId}").ConfigureAwait(false);
            if (task.State is TaskState.Done or TaskState.Error or TaskState.Cancelled || DateTime.UtcNow > deadline)
            {
                return task;
            }
            await Task.Delay(50).ConfigureAwait(false);
        }
    }
}
