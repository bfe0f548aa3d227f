using RuBackup.Repository.Format;

namespace RuBackup.Repository.Crypto;

/// <summary>Names chunks: plain BLAKE3, or BLAKE3 keyed with an identity key of the master key.</summary>
public sealed class ChunkHasher
{
    private readonly byte[]? _key;

    /// <summary>Plain BLAKE3 without a key; with one, keyed for AES-256-GCM archives (see <see cref="ChunkAlgorithm.CreateHasher"/> for the others).</summary>
    public ChunkHasher(MasterKey? key) : this(key?.IdentityKey)
    {
    }

    private ChunkHasher(byte[]? key)
    {
        _key = key;
    }

    internal static ChunkHasher WithKey(byte[] identityKey) => new(identityKey);

    public bool Keyed => _key is not null;

    public ChunkDigest Hash(ReadOnlySpan<byte> data)
    {
        Span<byte> output = stackalloc byte[ChunkDigest.Size];
        if (_key is null)
        {
            Blake3.Hasher.Hash(data, output);
        }
        else
        {
            using var hasher = Blake3.Hasher.NewKeyed(_key);
            hasher.Update(data);
            hasher.Finalize(output);
        }
        return new ChunkDigest(output);
    }
}
