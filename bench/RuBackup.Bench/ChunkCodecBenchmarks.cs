using BenchmarkDotNet.Attributes;
using RuBackup.Repository.Crypto;
using RuBackup.Repository.Format;

namespace RuBackup.Bench;

/// <summary>
/// <see cref="ChunkCodec"/> on one 256 KiB chunk: Encode (zstd -1, optional AES-256-GCM, XXH3 checksum)
/// and Decode (checksum, authentication, decompression, BLAKE3 digest check). Encrypted runs use the
/// keyed hasher, as an encrypted archive does.
/// </summary>
[Config(typeof(BenchConfig))]
public class ChunkCodecBenchmarks
{
    private byte[] _plain = [];
    private byte[] _blob = [];
    private int _blobLength;
    private byte[] _output = [];
    private ChunkDigest _digest;
    private AesGcmChunkCipher? _cipher;
    private ChunkHasher _hasher = new(null);

    [Params(DataKind.Text, DataKind.Random)]
    public DataKind Data { get; set; }

    [Params(false, true)]
    public bool Encrypted { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _plain = ChunkData.Create(Data);
        MasterKey? key = null;
        if (Encrypted)
        {
            key = MasterKey.FromBytes(Enumerable.Range(1, MasterKey.Length).Select(i => (byte)i).ToArray(), "bench key");
            _cipher = new AesGcmChunkCipher(key);
        }
        _hasher = new ChunkHasher(key);
        _digest = _hasher.Hash(_plain);
        _blob = new byte[ChunkCodec.MaxBlobSize(_plain.Length)];
        _blobLength = ChunkCodec.Encode(_plain, _digest, _cipher, _blob);
        _output = new byte[Math.Max(_blob.Length, _plain.Length)];
    }

    [GlobalCleanup]
    public void Cleanup() => _cipher?.Dispose();

    [Benchmark]
    public int Encode() => ChunkCodec.Encode(_plain, _digest, _cipher, _output);

    [Benchmark]
    public int Decode() => ChunkCodec.Decode(_blob.AsSpan(0, _blobLength), _digest, _cipher, _hasher, _output);
}
