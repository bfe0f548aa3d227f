using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using RuBackup.Repository.Crypto;

namespace RuBackup.Repository.Format;

public enum ChunkCompression : byte
{
    None = 0,
    Zstd = 1,
}

/// <summary>
/// The stored form of one chunk ("blob"). Layout, little-endian (docs/format.md):
/// <code>
///  0  4  magic "RBCK"
///  4  1  blob format version (1)
///  5  1  compression (0 none, 1 zstd)
///  6  1  encryption  (0 none, 1 AES-256-GCM, else a Table 1 suite's code: ChunkAlgorithm)
///  7  1  reserved, 0
///  8  4  plaintext length
/// 12  4  payload length
/// 16  8  XXH3-64 of bytes 0..16 and the payload: lets a server without the key find damage
/// 24  .. payload: compressed-or-raw data, sealed when encrypted (nonce-or-IV || ciphertext || tag)
/// </code>
/// Order of transforms: compress, then encrypt; on read the checksum is checked first, then
/// authentication, then the digest of the plaintext against the chunk's name.
/// </summary>
public static class ChunkCodec
{
    public const int HeaderSize = 24;
    public const byte Version = 1;
    private const uint Magic = 0x4B434252; // "RBCK" read little-endian

    // Compression must save at least 1/32 of the chunk to be kept: decompressing costs restore time.
    private const int MinimumSavingDivisor = 32;

    [ThreadStatic] private static ZstdNet.Compressor? t_compressor;
    [ThreadStatic] private static ZstdNet.Decompressor? t_decompressor;

    public static int MaxBlobSize(int plainLength) =>
        HeaderSize + Math.Max(plainLength, ZstdNet.Compressor.GetCompressBound(plainLength)) + ChunkAlgorithm.MaxOverhead;

    /// <summary>Encodes into <paramref name="output"/> (at least <see cref="MaxBlobSize"/>) and returns the blob length.</summary>
    public static int Encode(ReadOnlySpan<byte> plain, in ChunkDigest digest, IChunkCipher? cipher, Span<byte> output)
    {
        var compression = ChunkCompression.None;
        byte[]? scratch = null;
        ReadOnlySpan<byte> body = plain;
        try
        {
            scratch = ArrayPool<byte>.Shared.Rent(ZstdNet.Compressor.GetCompressBound(plain.Length));
            t_compressor ??= new ZstdNet.Compressor(new ZstdNet.CompressionOptions(1));
            var compressed = t_compressor.Wrap(plain, scratch);
            if (compressed < plain.Length - plain.Length / MinimumSavingDivisor)
            {
                compression = ChunkCompression.Zstd;
                body = scratch.AsSpan(0, compressed);
            }

            var payloadLength = cipher is null ? body.Length : body.Length + cipher.Overhead;
            WriteHeaderPrefix(output, compression, cipher?.Algorithm ?? ChunkEncryption.None, plain.Length, payloadLength);
            var payload = output.Slice(HeaderSize, payloadLength);
            if (cipher is null)
            {
                body.CopyTo(payload);
            }
            else
            {
                Span<byte> aad = stackalloc byte[16 + ChunkDigest.Size];
                output[..16].CopyTo(aad);
                digest.CopyTo(aad[16..]);
                cipher.Seal(body, aad, payload);
            }
            BinaryPrimitives.WriteUInt64LittleEndian(output[16..], Checksum(output[..16], payload));
            return HeaderSize + payloadLength;
        }
        finally
        {
            if (scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }
    }

    /// <summary>Reads the header and checks the checksum: what a keyless server can verify.</summary>
    public static ChunkHeader CheckIntegrity(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < HeaderSize)
        {
            throw new DamagedDataException($"blob is {blob.Length} bytes, shorter than its {HeaderSize}-byte header");
        }
        if (BinaryPrimitives.ReadUInt32LittleEndian(blob) != Magic)
        {
            throw new DamagedDataException("blob does not start with the chunk magic 'RBCK'");
        }
        if (blob[4] != Version)
        {
            throw new RepositoryException($"chunk blob format version {blob[4]} is not supported (this program reads version {Version})");
        }
        var header = new ChunkHeader(
            (ChunkCompression)blob[5],
            (ChunkEncryption)blob[6],
            BinaryPrimitives.ReadInt32LittleEndian(blob[8..]),
            BinaryPrimitives.ReadInt32LittleEndian(blob[12..]));
        if (header.PayloadLength < 0 || header.PlainLength < 0 || HeaderSize + header.PayloadLength != blob.Length)
        {
            throw new DamagedDataException($"blob length {blob.Length} does not match its header (payload {header.PayloadLength})");
        }
        var stored = BinaryPrimitives.ReadUInt64LittleEndian(blob[16..]);
        if (stored != Checksum(blob[..16], blob[HeaderSize..]))
        {
            throw new DamagedDataException("blob checksum mismatch (stored bytes changed)");
        }
        if (header.Compression > ChunkCompression.Zstd)
        {
            throw new RepositoryException($"chunk compression code {(byte)header.Compression} is unknown to this program");
        }
        return header;
    }

    /// <summary>
    /// Decodes a blob into <paramref name="plain"/> and returns the plaintext length. Throws
    /// <see cref="DamagedDataException"/> unless checksum, authentication and digest all hold, so a caller
    /// never sees wrong bytes.
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> blob, in ChunkDigest digest, IChunkCipher? cipher, ChunkHasher hasher, Span<byte> plain)
    {
        var header = CheckIntegrity(blob);
        if (plain.Length < header.PlainLength)
        {
            throw new DamagedDataException($"plaintext length {header.PlainLength} exceeds the chunk size");
        }
        var payload = blob.Slice(HeaderSize, header.PayloadLength);
        byte[]? scratch = null;
        try
        {
            ReadOnlySpan<byte> body = payload;
            if (header.Encryption != ChunkEncryption.None)
            {
                if (cipher is null)
                {
                    throw new RepositoryException("chunk is encrypted and no key was given");
                }
                if (cipher.Algorithm != header.Encryption)
                {
                    throw new RepositoryException(
                        $"chunk is encrypted with {ChunkAlgorithm.Describe(header.Encryption)}, its archive names {ChunkAlgorithm.Describe(cipher.Algorithm)}");
                }
                scratch = ArrayPool<byte>.Shared.Rent(Math.Max(1, payload.Length));
                Span<byte> aad = stackalloc byte[16 + ChunkDigest.Size];
                blob[..16].CopyTo(aad);
                digest.CopyTo(aad[16..]);
                if (!cipher.TryOpen(payload, aad, scratch))
                {
                    throw new DamagedDataException("authentication failed: wrong key or changed bytes");
                }
                body = scratch.AsSpan(0, payload.Length - cipher.Overhead);
            }

            int length;
            if (header.Compression == ChunkCompression.Zstd)
            {
                t_decompressor ??= new ZstdNet.Decompressor();
                try
                {
                    length = t_decompressor.Unwrap(body, plain[..header.PlainLength], bufferSizePrecheck: true);
                }
                catch (ZstdNet.ZstdException e)
                {
                    throw new DamagedDataException($"zstd payload does not decompress: {e.Message}", e);
                }
            }
            else
            {
                body.CopyTo(plain);
                length = body.Length;
            }
            if (length != header.PlainLength)
            {
                throw new DamagedDataException($"plaintext is {length} bytes, header says {header.PlainLength}");
            }
            if (hasher.Hash(plain[..length]) != digest)
            {
                throw new DamagedDataException("plaintext does not match the chunk's digest");
            }
            return length;
        }
        finally
        {
            if (scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }
    }

    private static void WriteHeaderPrefix(Span<byte> output, ChunkCompression compression, ChunkEncryption encryption, int plainLength, int payloadLength)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(output, Magic);
        output[4] = Version;
        output[5] = (byte)compression;
        output[6] = (byte)encryption;
        output[7] = 0;
        BinaryPrimitives.WriteInt32LittleEndian(output[8..], plainLength);
        BinaryPrimitives.WriteInt32LittleEndian(output[12..], payloadLength);
    }

    private static ulong Checksum(ReadOnlySpan<byte> headerPrefix, ReadOnlySpan<byte> payload)
    {
        var hash = new XxHash3();
        hash.Append(headerPrefix);
        hash.Append(payload);
        return hash.GetCurrentHashAsUInt64();
    }
}

public readonly record struct ChunkHeader(ChunkCompression Compression, ChunkEncryption Encryption, int PlainLength, int PayloadLength);
