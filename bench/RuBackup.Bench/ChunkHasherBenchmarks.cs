using BenchmarkDotNet.Attributes;
using RuBackup.Repository.Crypto;
using RuBackup.Repository.Format;

namespace RuBackup.Bench;

/// <summary>Naming one 256 KiB chunk: plain BLAKE3 (unencrypted archives) vs BLAKE3 keyed with the identity key.</summary>
[Config(typeof(BenchConfig))]
public class ChunkHasherBenchmarks
{
    private readonly byte[] _plain = ChunkData.Create(DataKind.Random);
    private readonly ChunkHasher _plainHasher = new(null);
    private readonly ChunkHasher _keyedHasher =
        new(MasterKey.FromBytes(Enumerable.Range(1, MasterKey.Length).Select(i => (byte)i).ToArray(), "bench key"));

    [Benchmark(Baseline = true)]
    public ChunkDigest Plain() => _plainHasher.Hash(_plain);

    [Benchmark]
    public ChunkDigest Keyed() => _keyedHasher.Hash(_plain);
}
