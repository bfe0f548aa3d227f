using System.Buffers.Binary;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;
using RuBackup.Crypto.Ciphers;

namespace RuBackup.Crypto.Tests;

public class CipherCatalogTests
{
    [Fact]
    public void Suites_MatchTableOne_AlgorithmsAndKeyLengths()
    {
        // Table 1 of the document, in its order.
        var table = new (string Name, int[] Bits)[]
        {
            ("Anubis", [128, 256]), ("Aria", [128, 256]), ("CAST6", [128, 256]), ("Camellia", [128, 256]),
            ("Kalyna", [128, 256, 512]), ("Kuznyechik", [256]), ("MARS", [128, 256]), ("Rijndael", [128, 256]),
            ("Serpent", [128, 256]), ("Simon", [128]), ("SM4", [128]), ("Speck", [128, 256]),
            ("Threefish", [256, 512, 1024]), ("Twofish", [128, 256]),
        };
        Assert.Equal(table.Select(t => t.Name), CipherCatalog.Algorithms);
        foreach (var (name, bits) in table)
        {
            Assert.Equal(bits, CipherCatalog.KeyBitsOf(name));
        }
    }

    [Fact]
    public void Codes_AreUniqueAndAboveTheBlobsOwnValues()
    {
        var codes = CipherCatalog.Suites.Select(s => s.Code).ToArray();
        Assert.Equal(codes.Length, codes.Distinct().Count());
        Assert.All(codes, c => Assert.True(c >= 0x10));
        foreach (var suite in CipherCatalog.Suites)
        {
            Assert.True(CipherCatalog.TryGet(suite.Code, out var found));
            Assert.Same(suite, found);
        }
    }

    [Fact]
    public void Default_IsRijndaelWith256BitKeys()
    {
        Assert.Equal("Rijndael", CipherCatalog.Default.Algorithm);
        Assert.Equal(256, CipherCatalog.Default.KeyBits);
    }

    [Theory]
    [InlineData("KUZNYECHIK", 256, "Kuznyechik")]
    [InlineData("rijndael", 128, "Rijndael")]
    [InlineData(" cast6 ", 256, "CAST6")]
    public void Get_NameInAnyCase_ReturnsTheDocumentsSpelling(string name, int bits, string expected) =>
        Assert.Equal(expected, CipherCatalog.Get(name, bits).Algorithm);

    [Fact]
    public void Get_KeyLengthTheTableDoesNotList_NamesTheAllowedOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => CipherCatalog.Get("Kuznyechik", 128));
        Assert.Contains("allowed: 256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_UnknownAlgorithm_ListsTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => CipherCatalog.Get("Blowfish", 128));
        Assert.Contains("Threefish", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Speck", 128, 128)]
    [InlineData("Simon", 128, 128)]
    [InlineData("Kalyna", 256, 256)]
    [InlineData("Kalyna", 512, 512)]
    [InlineData("Threefish", 1024, 1024)]
    public void BlockBits_AreTheDocumentedChoices(string name, int keyBits, int blockBits)
    {
        var suite = CipherCatalog.Get(name, keyBits);
        Assert.Equal(blockBits, suite.BlockBits);
        Assert.Equal(suite.BlockBytes, suite.CreateEngine(new byte[suite.KeyBytes], true).GetBlockSize());
    }

    [Fact]
    public void MarsSBox_IsThePublishedTable()
    {
        // SHA-256 over the 512 words (little-endian) of the table printed in IBM's submission.
        var bytes = new byte[512 * 4];
        for (var i = 0; i < 512; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4 * i), MarsSBox.S[i]);
        }
        Assert.Equal("d4dd8381276c9b58707095a50a54b700611f8da0eeed6476e68d385f3a5b3bd1", Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    [Theory]
    [InlineData("00000000000000000000000000000000")]
    [InlineData("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFE")] // the counter wraps around 2^128 within the message
    public void CounterMode_CountsLikeBouncyCastlesSic(string iv)
    {
        var suite = CipherCatalog.Get("Rijndael", 256);
        var key = Suites.MasterKey(6);
        var input = new byte[1000];
        Random.Shared.NextBytes(input);
        var ours = new byte[input.Length];
        new CounterMode(suite.CreateEngine(key, true)).Transform(Convert.FromHexString(iv), input, ours);

        var sic = new SicBlockCipher(suite.CreateEngine(key, true));
        sic.Init(true, new ParametersWithIV(new KeyParameter(key), Convert.FromHexString(iv)));
        var theirs = new byte[input.Length];
        for (var i = 0; i < input.Length; i += 16)
        {
            var block = new byte[16];
            var length = Math.Min(16, input.Length - i);
            input.AsSpan(i, length).CopyTo(block);
            sic.ProcessBlock(block, 0, block, 0);
            block.AsSpan(0, length).CopyTo(theirs.AsSpan(i));
        }
        Assert.Equal(theirs, ours);
    }
}
