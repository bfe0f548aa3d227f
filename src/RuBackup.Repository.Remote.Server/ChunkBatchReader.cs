using System.Buffers;
using System.Buffers.Binary;
using RuBackup.Repository.Format;
using RuBackup.Repository.Storage;

namespace RuBackup.Repository.Remote.Server;

/// <summary>
/// Reads one chunk batch (docs/format.md, "Pool protocol") frame by frame and stores each blob as soon
/// as it has arrived whole and passed its checks, so the server holds one blob per request, never the
/// batch. The checks a keyless server can make: the frame's length against the pool's largest blob,
/// the blob's own header and XXH3 checksum, and the trailer's frame count, which tells a complete
/// batch from a cut one.
/// </summary>
internal static class ChunkBatchReader
{
    public static async Task<long> ReadAsync(Stream body, ServerWriteSession session, ChunkContainer container, CancellationToken cancellationToken)
    {
        var head = new byte[PoolWire.FrameHeadSize];
        var blob = ArrayPool<byte>.Shared.Rent(session.MaxBlobLength);
        try
        {
            await ReadExactlyAsync(body, head.AsMemory(0, PoolWire.BatchPreambleSize), "the batch preamble", cancellationToken).ConfigureAwait(false);
            if (BinaryPrimitives.ReadUInt32LittleEndian(head) != PoolWire.BatchMagic || head[4] != PoolWire.BatchVersion)
            {
                throw new PoolProtocolException(400, $"the body is not a chunk batch of version {PoolWire.BatchVersion} (magic 'RBCB')");
            }
            long frames = 0;
            while (true)
            {
                await ReadExactlyAsync(body, head.AsMemory(0, 4), $"frame {frames + 1}", cancellationToken).ConfigureAwait(false);
                var length = BinaryPrimitives.ReadUInt32LittleEndian(head);
                if (length == PoolWire.EndMarker)
                {
                    await ReadExactlyAsync(body, head.AsMemory(0, 4), "the trailer", cancellationToken).ConfigureAwait(false);
                    var count = BinaryPrimitives.ReadUInt32LittleEndian(head);
                    if (count != frames)
                    {
                        throw new PoolProtocolException(400, $"the batch trailer counts {count} chunks, {frames} arrived");
                    }
                    if (await body.ReadAsync(head.AsMemory(0, 1), cancellationToken).ConfigureAwait(false) != 0)
                    {
                        throw new PoolProtocolException(400, "bytes follow the batch trailer");
                    }
                    return frames;
                }
                frames++;
                if (length > session.MaxBlobLength)
                {
                    throw new PoolProtocolException(400, $"frame {frames} announces a {length}-byte blob; this pool's largest is {session.MaxBlobLength}");
                }
                await ReadExactlyAsync(body, head.AsMemory(4, ChunkDigest.Size), $"frame {frames}", cancellationToken).ConfigureAwait(false);
                var digest = new ChunkDigest(head.AsSpan(4, ChunkDigest.Size));
                var bytes = blob.AsMemory(0, (int)length);
                await ReadExactlyAsync(body, bytes, $"chunk {digest}", cancellationToken).ConfigureAwait(false);
                ChunkHeader header;
                try
                {
                    header = ChunkCodec.CheckIntegrity(bytes.Span);
                }
                catch (RepositoryException e)
                {
                    throw new PoolProtocolException(400, $"chunk {digest} (frame {frames}) arrived damaged: {e.Message}");
                }
                if (header.PlainLength > session.ChunkSize)
                {
                    throw new PoolProtocolException(400, $"chunk {digest} (frame {frames}) holds {header.PlainLength} bytes; this pool's chunks hold at most {session.ChunkSize}");
                }
                if (session.Access.Budget is { } budget && session.Stats.BytesReceived + length > budget.Bytes)
                {
                    throw new PoolProtocolException(409, budget.Refusal(session.Stats.BytesReceived + length));
                }
                await session.Inner.PutChunkAsync(container, digest, bytes, cancellationToken).ConfigureAwait(false);
                session.CountReceived(length);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(blob);
        }
    }

    private static async Task ReadExactlyAsync(Stream body, Memory<byte> buffer, string what, CancellationToken cancellationToken)
    {
        try
        {
            await body.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException)
        {
            throw new PoolProtocolException(400, $"the batch ended inside {what} (cut upload)");
        }
    }
}
