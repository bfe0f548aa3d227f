using System.Buffers;
using System.Net.Http.Headers;
using RuBackup.Repository.Format;
using RuBackup.Repository.Storage;

namespace RuBackup.Repository.Remote;

/// <summary>
/// One archive written through the pool protocol. The server holds the real write session under
/// <see cref="Id"/>; disposing without a commit abandons it there (and were this process to vanish,
/// the server drops the session after its idle timeout).
/// <para>
/// Chunk batches are pipelined: <see cref="PutChunksAsync"/> copies the batch and returns while it is
/// still on its way, so a backup worker hashes and compresses the next batch instead of waiting for
/// the server to store this one. At most <see cref="MaxInFlight"/> batches travel at once (memory is
/// bounded by that many batch copies). A failed send fails the next call, and the commit waits for
/// every batch: the manifest is never sent while a chunk it names may still be missing.
/// </para>
/// </summary>
internal sealed class HttpWriteSession(PoolHttp http, string archiveId, string sessionId) : IWriteSession
{
    internal const int MaxInFlight = 4;
    private readonly string _path = $"{PoolWire.Sessions}/{Uri.EscapeDataString(sessionId)}";
    private readonly SemaphoreSlim _slots = new(MaxInFlight, MaxInFlight);
    private readonly List<Task> _sending = [];
    private Exception? _failure;
    private int _ended;

    public string Id { get; } = sessionId;

    public async Task<IReadOnlyList<ChunkDigest>> FindMissingAsync(ChunkContainer container, IReadOnlyList<ChunkDigest> digests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digests);
        ThrowIfSendFailed();
        if (digests.Count == 0)
        {
            return [];
        }
        var body = new byte[digests.Count * ChunkDigest.Size];
        for (var i = 0; i < digests.Count; i++)
        {
            digests[i].CopyTo(body.AsSpan(i * ChunkDigest.Size));
        }
        var path = $"{_path}/{PoolWire.Missing}/{PoolWire.ContainerPath(container)}";
        // Asking is idempotent (it only refreshes what exists), so it is retried like a read.
        using var response = await http.SendReadAsync(() => new HttpRequestMessage(HttpMethod.Post, path) { Content = Binary(body) }, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (answer.Length % ChunkDigest.Size != 0 || answer.Length > body.Length)
        {
            throw new RepositoryException($"pool {http.Description}: the answer to find-missing is {answer.Length} bytes, not a list of at most {digests.Count} digests");
        }
        var missing = new ChunkDigest[answer.Length / ChunkDigest.Size];
        for (var i = 0; i < missing.Length; i++)
        {
            missing[i] = new ChunkDigest(answer.AsSpan(i * ChunkDigest.Size, ChunkDigest.Size));
        }
        return missing;
    }

    public Task PutChunkAsync(ChunkContainer container, ChunkDigest digest, ReadOnlyMemory<byte> blob, CancellationToken cancellationToken) =>
        PutChunksAsync(container, [new ChunkUpload(digest, blob)], cancellationToken);

    public async Task PutChunksAsync(ChunkContainer container, IReadOnlyList<ChunkUpload> chunks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ThrowIfSendFailed();
        if (chunks.Count == 0)
        {
            return;
        }
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        // The caller reuses its buffers once this returns: the batch travels in a copy of its own.
        var total = 0;
        foreach (var chunk in chunks)
        {
            total += chunk.Blob.Length;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(total, 1));
        var copies = new ChunkUpload[chunks.Count];
        var offset = 0;
        for (var i = 0; i < chunks.Count; i++)
        {
            chunks[i].Blob.CopyTo(buffer.AsMemory(offset));
            copies[i] = new ChunkUpload(chunks[i].Digest, buffer.AsMemory(offset, chunks[i].Blob.Length));
            offset += chunks[i].Blob.Length;
        }
        var sending = SendInBackgroundAsync(container, copies, buffer, cancellationToken);
        lock (_sending)
        {
            _sending.RemoveAll(t => t.IsCompleted);
            _sending.Add(sending);
        }
    }

    private async Task SendInBackgroundAsync(ChunkContainer container, ChunkUpload[] chunks, byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            await SendBatchAsync(container, chunks, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _failure, e, null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _slots.Release();
        }
    }

    private async Task SendBatchAsync(ChunkContainer container, ChunkUpload[] chunks, CancellationToken cancellationToken)
    {
        var path = $"{_path}/{PoolWire.Chunks}/{PoolWire.ContainerPath(container)}";
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ChunkBatchContent(chunks) };
        using var response = await http.SendOnceAsync(request, PoolHttp.BatchTimeout, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        var stored = await http.ReadJsonAsync<ChunkBatchResponse>(response, cancellationToken).ConfigureAwait(false);
        if (stored.Received != chunks.Length)
        {
            throw new RepositoryException($"pool {http.Description}: the server stored {stored.Received} of the {chunks.Length} chunks sent");
        }
    }

    public async Task CommitAsync(ReadOnlyMemory<byte> manifest, CancellationToken cancellationToken)
    {
        await DrainAsync().ConfigureAwait(false);
        ThrowIfSendFailed();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{_path}/{PoolWire.Commit}") { Content = Binary(manifest) };
        // Whatever the outcome the server has ended the session: a commit is never repeated, and
        // disposing must not send an abandon for it.
        Interlocked.Exchange(ref _ended, 1);
        using var response = await http.SendOnceAsync(request, PoolHttp.CommitTimeout, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        // Batches still travelling end (or fail) before the session is abandoned and the slots go.
        await DrainAsync().ConfigureAwait(false);
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            _slots.Dispose();
            return;
        }
        // Best effort: when the server cannot be told, its idle timeout disposes the session.
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            using var request = new HttpRequestMessage(HttpMethod.Delete, _path);
            using var response = await http.Client.SendAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
        }
        _slots.Dispose();
    }

    private Task DrainAsync()
    {
        lock (_sending)
        {
            // SendInBackgroundAsync never throws: its failure is kept in _failure.
            return Task.WhenAll(_sending);
        }
    }

    private void ThrowIfSendFailed()
    {
        if (Volatile.Read(ref _failure) is { } failure)
        {
            throw failure is RepositoryException ? failure : new RepositoryException($"pool {http.Description}: sending chunks failed: {failure.Message}", failure);
        }
    }

    public override string ToString() => $"write session {Id} of archive {archiveId}";

    private static ReadOnlyMemoryContent Binary(ReadOnlyMemory<byte> bytes)
    {
        var content = new ReadOnlyMemoryContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(PoolWire.BinaryType);
        return content;
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!PoolHttp.IsSuccess(response))
        {
            throw await http.ErrorAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }
}
