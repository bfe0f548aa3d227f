using RuBackup.Repository.Format;

namespace RuBackup.Repository.Crypto;

/// <summary>Names chunks: plain BLAKE3, or BLAKE3 keyed with the master key's identity key.</summary>
public sealed class ChunkHasher
{
    private readonly byte[]? _key;

    public ChunkHasher(MasterKey? key)
    {
        _key = key?.IdentityKey;
    }

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
