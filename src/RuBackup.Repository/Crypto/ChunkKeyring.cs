using System.Collections.Concurrent;

namespace RuBackup.Repository.Crypto;

/// <summary>
/// One master key's cipher and chunk namer per algorithm, made on first use: for a reader that takes
/// the algorithm from each chunk's header (a whole-pool verify meets archives of several algorithms).
/// Safe to use from parallel workers.
/// </summary>
internal sealed class ChunkKeyring(MasterKey key) : IDisposable
{
    private readonly ConcurrentDictionary<ChunkEncryption, Lazy<(IChunkCipher Cipher, ChunkHasher Hasher)>> _entries = new();

    /// <summary>Throws <see cref="RepositoryException"/> for a code no algorithm has.</summary>
    public (IChunkCipher Cipher, ChunkHasher Hasher) For(ChunkEncryption code)
    {
        if (!ChunkAlgorithm.TryFromCode(code, out var algorithm))
        {
            throw new RepositoryException($"chunk is encrypted with {ChunkAlgorithm.Describe(code)}");
        }
        return _entries.GetOrAdd(code, _ => new Lazy<(IChunkCipher Cipher, ChunkHasher Hasher)>(() => (algorithm.CreateCipher(key), algorithm.CreateHasher(key)))).Value;
    }

    public void Dispose()
    {
        foreach (var entry in _entries.Values.Where(e => e.IsValueCreated))
        {
            entry.Value.Cipher.Dispose();
        }
    }
}
