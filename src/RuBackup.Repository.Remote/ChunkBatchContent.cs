using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using RuBackup.Repository.Storage;

namespace RuBackup.Repository.Remote;

/// <summary>
/// The body of one chunk batch, written straight from the caller's blob buffers to the socket: the
/// batch is held once in memory (by the writer), never copied into a second buffer.
/// <code>
/// "RBCB" | u8 version 1 | 3 reserved bytes
/// per chunk: u32 blob length | 32-byte digest | blob
/// u32 0xFFFFFFFF | u32 chunk count
/// </code>
/// The trailer lets the server tell a complete batch from a cut connection even without
/// Content-Length; each blob carries its own checksum (docs/format.md, "Chunk blob").
/// </summary>
internal sealed class ChunkBatchContent : HttpContent
{
    private readonly IReadOnlyList<ChunkUpload> _chunks;

    public ChunkBatchContent(IReadOnlyList<ChunkUpload> chunks)
    {
        _chunks = chunks;
        Headers.ContentType = new MediaTypeHeaderValue(PoolWire.BinaryType);
    }

    public static long Length(IReadOnlyList<ChunkUpload> chunks)
    {
        long length = PoolWire.BatchPreambleSize + PoolWire.TrailerSize;
        foreach (var chunk in chunks)
        {
            length += PoolWire.FrameHeadSize + chunk.Blob.Length;
        }
        return length;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var head = new byte[PoolWire.FrameHeadSize];
        BinaryPrimitives.WriteUInt32LittleEndian(head, PoolWire.BatchMagic);
        head[4] = PoolWire.BatchVersion;
        head[5] = head[6] = head[7] = 0;
        await stream.WriteAsync(head.AsMemory(0, PoolWire.BatchPreambleSize), cancellationToken).ConfigureAwait(false);
        foreach (var chunk in _chunks)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(head, (uint)chunk.Blob.Length);
            chunk.Digest.CopyTo(head.AsSpan(4));
            await stream.WriteAsync(head, cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync(chunk.Blob, cancellationToken).ConfigureAwait(false);
        }
        BinaryPrimitives.WriteUInt32LittleEndian(head, PoolWire.EndMarker);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(4), (uint)_chunks.Count);
        await stream.WriteAsync(head.AsMemory(0, PoolWire.TrailerSize), cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = Length(_chunks);
        return true;
    }
}
