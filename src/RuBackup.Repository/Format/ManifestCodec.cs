using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using RuBackup.Repository.Crypto;
using RuBackup.Repository.Signing;

namespace RuBackup.Repository.Format;

/// <summary>
/// Serializes manifests. Layout (little-endian, docs/format.md):
/// <code>
/// "RBMF" | u16 version (1) | u16 flags (bit 0: authenticated with HMAC-SHA256 of the manifest key;
///                                      bit 1: signed)
/// u32 header length | header JSON (UTF-8)
/// per disk, in header order: u64 entry count | entries: u64 position (top bit set: zero chunk) [| 32-byte digest]
/// u32 metadata length | metadata (sealed when encrypted, with the archive's chunk algorithm)
/// 32-byte tag over everything before it: HMAC-SHA256 when encrypted, else BLAKE3 (integrity only)
/// [signed: 64-byte ECDSA P-256/SHA-256 signature (r‖s) over everything before it, by header.signer_key]
/// </code>
/// The header is readable without the key so a catalog can list archives; nothing in it is secret
/// (digests of an encrypted archive are keyed). The tag is checked before anything is trusted. The
/// signature needs no secret to check, so a server holding no master key still knows who wrote an
/// archive; it covers the tag, so it vouches for every byte.
/// </summary>
public static class ManifestCodec
{
    public const ushort Version = 1;
    private const uint Magic = 0x464D4252; // "RBMF" little-endian
    private const int TagSize = 32;
    private const ulong ZeroFlag = 1UL << 63;
    private const ushort AuthenticatedFlag = 1;
    private const ushort SignedFlag = 2;
    private const ushort KnownFlags = AuthenticatedFlag | SignedFlag;
    private static readonly byte[] MetadataLabel = Encoding.ASCII.GetBytes("RuBackup manifest metadata v1|");

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <param name="signer">When given, the manifest records its public key and ends with its signature.</param>
    public static byte[] Serialize(ArchiveManifest manifest, MasterKey? key, ManifestSigner? signer = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Encrypted != (key is not null))
        {
            throw new InvalidOperationException("an archive is encrypted exactly when a key is given");
        }
        manifest = signer is null
            ? manifest with { SignerKey = null, SignerName = null }
            : manifest with { SignerKey = signer.PublicKey, SignerName = signer.Name };
        var header = JsonSerializer.SerializeToUtf8Bytes(manifest, Json);
        using var body = new MemoryStream();
        var writer = new BinaryWriter(body);
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write((ushort)((key is null ? 0 : AuthenticatedFlag) | (signer is null ? 0 : SignedFlag)));
        writer.Write(header.Length);
        writer.Write(header);
        Span<byte> digest = stackalloc byte[ChunkDigest.Size];
        foreach (var disk in manifest.Disks)
        {
            writer.Write((ulong)disk.Entries.Length);
            foreach (var entry in disk.Entries)
            {
                writer.Write((ulong)entry.Position | (entry.Zero ? ZeroFlag : 0));
                if (!entry.Zero)
                {
                    entry.Digest.CopyTo(digest);
                    writer.Write(digest);
                }
            }
        }
        var metadata = key is null ? manifest.Metadata : SealMetadata(manifest.Metadata, manifest, key);
        writer.Write(metadata.Length);
        writer.Write(metadata);
        writer.Flush();
        var content = body.ToArray();
        var result = new byte[content.Length + TagSize + (signer is null ? 0 : ManifestSigner.SignatureSize)];
        content.CopyTo(result, 0);
        ComputeTag(content, key, result.AsSpan(content.Length, TagSize));
        if (signer is not null)
        {
            var tagged = content.Length + TagSize;
            signer.Sign(result.AsSpan(0, tagged)).CopyTo(result, tagged);
        }
        return result;
    }

    /// <summary>
    /// Parses a manifest. With a key, a manifest written under another key is refused by name, and the
    /// HMAC must hold. Without a key an encrypted manifest's header is still readable (for listing),
    /// but its metadata stays sealed and it is marked unauthenticated.
    /// </summary>
    public static ArchiveManifest Deserialize(ReadOnlySpan<byte> bytes, MasterKey? key, string source)
    {
        if (bytes.Length < 12 + TagSize || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic)
        {
            throw new DamagedDataException($"{source}: not an archive manifest (bad magic or {bytes.Length} bytes only)");
        }
        var version = BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]);
        if (version != Version)
        {
            throw new RepositoryException($"{source}: manifest format version {version} is not supported (this program reads version {Version})");
        }
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]);
        if ((flags & ~KnownFlags) != 0)
        {
            throw new RepositoryException($"{source}: manifest flags 0x{flags:x4} name features this program does not know");
        }
        var authenticated = (flags & AuthenticatedFlag) != 0;
        var signed = (flags & SignedFlag) != 0;
        var signature = ReadOnlySpan<byte>.Empty;
        if (signed)
        {
            if (bytes.Length < 12 + TagSize + ManifestSigner.SignatureSize)
            {
                throw new DamagedDataException($"{source}: manifest is truncated (no room for its signature)");
            }
            signature = bytes[^ManifestSigner.SignatureSize..];
            bytes = bytes[..^ManifestSigner.SignatureSize];
        }
        var content = bytes[..^TagSize];
        var reader = new SpanReader(content, source);
        reader.Skip(8);
        var headerBytes = reader.Take(reader.ReadInt32());
        ArchiveManifest header;
        try
        {
            header = JsonSerializer.Deserialize<ArchiveManifest>(headerBytes, Json)
                ?? throw new DamagedDataException($"{source}: empty manifest header");
        }
        catch (JsonException e)
        {
            throw new DamagedDataException($"{source}: manifest header is not valid JSON: {e.Message}", e);
        }
        if (authenticated != (header.KeyId is not null))
        {
            throw new DamagedDataException($"{source}: manifest flags disagree with its key id");
        }
        if (signed != (header.SignerKey is not null))
        {
            throw new DamagedDataException($"{source}: manifest flags disagree with its signer key");
        }
        // Checked before the tag: without the master key the tag of an encrypted manifest cannot be
        // checked, and the signature is then what vouches for the bytes.
        if (signed && !SignerKeys.Verifies(header.SignerKey!, bytes, signature))
        {
            throw new DamagedDataException($"{source}: manifest signature does not verify with the key it names (changed after signing, or not signed by that key)");
        }

        var trusted = CheckTag(bytes, content, header, key, source);

        var disks = new List<DiskIndex>(header.Disks.Count);
        foreach (var disk in header.Disks)
        {
            var count = reader.ReadInt64();
            if (count < 0 || count > content.Length)
            {
                throw new DamagedDataException($"{source}: disk '{disk.Name}' claims {count} index entries");
            }
            var entries = new IndexEntry[count];
            for (long i = 0; i < count; i++)
            {
                var raw = reader.ReadUInt64();
                var position = (long)(raw & ~ZeroFlag);
                entries[i] = (raw & ZeroFlag) != 0
                    ? IndexEntry.ZeroAt(position)
                    : new IndexEntry(position, false, new ChunkDigest(reader.Take(ChunkDigest.Size)));
            }
            disks.Add(new DiskIndex { Name = disk.Name, Size = disk.Size, Entries = entries });
        }
        var metadata = reader.Take(reader.ReadInt32()).ToArray();
        if (!reader.AtEnd)
        {
            throw new DamagedDataException($"{source}: {reader.Remaining} unexpected bytes after the metadata");
        }
        // Only an encrypted archive has sealed metadata: a key given for a plain archive is not used.
        if (trusted && key is not null && header.KeyId is not null)
        {
            metadata = OpenMetadata(metadata, header, key, source);
        }
        return header with { Disks = disks, Metadata = metadata };
    }

    /// <summary>Returns whether the manifest is authenticated with the given key.</summary>
    private static bool CheckTag(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> content, ArchiveManifest header, MasterKey? key, string source)
    {
        Span<byte> expected = stackalloc byte[TagSize];
        if (header.KeyId is null)
        {
            ComputeTag(content, null, expected);
            if (!expected.SequenceEqual(bytes[^TagSize..]))
            {
                throw new DamagedDataException($"{source}: manifest checksum mismatch (changed or truncated)");
            }
            return true;
        }
        if (key is null)
        {
            return false;
        }
        if (key.KeyId != header.KeyId)
        {
            throw new RepositoryException($"{source}: archive {header.Id} was written with key {header.KeyId}, {key.Source} is key {key.KeyId}");
        }
        ComputeTag(content, key, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes[^TagSize..]))
        {
            throw new DamagedDataException($"{source}: manifest authentication failed (changed or truncated)");
        }
        return true;
    }

    private static void ComputeTag(ReadOnlySpan<byte> content, MasterKey? key, Span<byte> tag)
    {
        if (key is null)
        {
            Blake3.Hasher.Hash(content, tag);
        }
        else
        {
            HMACSHA256.HashData(key.ManifestKey, content, tag);
        }
    }

    /// <summary>
    /// Sealed like a chunk payload, with the archive's algorithm; for AES-256-GCM that is nonce(12) |
    /// ciphertext | tag(16) under the chunk key, the layout from before the other algorithms came.
    /// </summary>
    private static byte[] SealMetadata(byte[] metadata, ArchiveManifest manifest, MasterKey key)
    {
        using var cipher = ChunkAlgorithm.Of(manifest).CreateCipher(key);
        var output = new byte[metadata.Length + cipher.Overhead];
        cipher.Seal(metadata, MetadataAad(manifest.Id), output);
        return output;
    }

    private static byte[] OpenMetadata(byte[] sealedMetadata, ArchiveManifest header, MasterKey key, string source)
    {
        using var cipher = ChunkAlgorithm.Of(header).CreateCipher(key);
        if (sealedMetadata.Length < cipher.Overhead)
        {
            throw new DamagedDataException($"{source}: sealed metadata is too short");
        }
        var plain = new byte[sealedMetadata.Length - cipher.Overhead];
        if (!cipher.TryOpen(sealedMetadata, MetadataAad(header.Id), plain))
        {
            throw new DamagedDataException($"{source}: metadata authentication failed");
        }
        return plain;
    }

    private static byte[] MetadataAad(string id) => [.. MetadataLabel, .. Encoding.UTF8.GetBytes(id)];

    /// <summary>Bounds-checked reading: a truncated manifest is reported, never read past.</summary>
    private ref struct SpanReader(ReadOnlySpan<byte> data, string source)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _offset;

        public readonly bool AtEnd => _offset == _data.Length;

        public readonly int Remaining => _data.Length - _offset;

        public void Skip(int count) => Take(count);

        public ReadOnlySpan<byte> Take(int count)
        {
            if (count < 0 || count > _data.Length - _offset)
            {
                throw new DamagedDataException($"{source}: manifest is truncated (needs {count} more bytes at offset {_offset})");
            }
            var slice = _data.Slice(_offset, count);
            _offset += count;
            return slice;
        }

        public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

        public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
    }
}
