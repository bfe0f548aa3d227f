using RuBackup.Repository.Crypto;
using RuBackup.Repository.Format;

namespace RuBackup.Repository.Tests;

public class ChunkCodecTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Decode_EncodedChunk_ReturnsOriginalBytes(bool encrypted)
    {
        var key = encrypted ? MasterKey.FromBytes(new byte[32]) : null;
        var hasher = new ChunkHasher(key);
        using var cipher = key is null ? null : new AesGcmChunkCipher(key);
        var plain = new byte[70_000];
        new Random(7).NextBytes(plain.AsSpan(0, 30_000));
        var digest = hasher.Hash(plain);
        var blob = new byte[ChunkCodec.MaxBlobSize(plain.Length)];
        var length = ChunkCodec.Encode(plain, digest, cipher, blob);
        var output = new byte[plain.Length];

        var decoded = ChunkCodec.Decode(blob.AsSpan(0, length), digest, cipher, hasher, output);

        Assert.Equal(plain.Length, decoded);
        Assert.Equal(plain, output);
    }

    [Fact]
    public void Decode_KuznyechikBlobWithTwofishCipher_RefusedNamingBothAlgorithms()
    {
        var key = MasterKey.FromBytes(new byte[32]);
        var kuznyechik = ChunkAlgorithm.Parse("kuznyechik-256", "test");
        var twofish = ChunkAlgorithm.Parse("twofish-128", "test");
        using var sealer = kuznyechik.CreateCipher(key);
        using var other = twofish.CreateCipher(key);
        var plain = new byte[5000];
        new Random(3).NextBytes(plain);
        var digest = kuznyechik.CreateHasher(key).Hash(plain);
        var blob = new byte[ChunkCodec.MaxBlobSize(plain.Length)];
        var length = ChunkCodec.Encode(plain, digest, sealer, blob);
        var output = new byte[plain.Length];

        var error = Assert.Throws<RepositoryException>(() => ChunkCodec.Decode(blob.AsSpan(0, length), digest, other, twofish.CreateHasher(key), output));

        Assert.Equal(0x60, blob[6]);
        Assert.Contains("kuznyechik-256", error.Message, StringComparison.Ordinal);
        Assert.Contains("twofish-128", error.Message, StringComparison.Ordinal);
        Assert.All(output, b => Assert.Equal(0, b));
    }
}
