namespace RuBackup.Crypto.Tests;

public class AuthenticatedCipherTests
{
    private static readonly byte[] Key = Suites.MasterKey(1);
    private static readonly byte[] AssociatedData = "archive 42, chunk 7"u8.ToArray();

    [Theory]
    [MemberData(nameof(Suites.All), MemberType = typeof(Suites))]
    public void SealThenTryOpen_SizesAroundTheBlock_GiveThePlaintextBack(string algorithm, int keyBits)
    {
        using var cipher = AuthenticatedCipher.Create(algorithm, keyBits, Key);
        var block = cipher.Suite.BlockBytes;
        foreach (var size in new[] { 0, 1, block - 1, block, block + 1, (3 * block) + 5 })
        {
            var plaintext = Random.Shared.GetItems<byte>(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), size);
            var sealedData = Seal(cipher, plaintext, AssociatedData);
            Assert.Equal(size + cipher.Overhead, sealedData.Length);
            Assert.Equal(plaintext, Open(cipher, sealedData, AssociatedData));
        }
    }

    [Theory]
    [MemberData(nameof(Suites.All), MemberType = typeof(Suites))]
    public void SealThenTryOpen_TenMebibytes_GiveThePlaintextBack(string algorithm, int keyBits)
    {
        using var cipher = AuthenticatedCipher.Create(algorithm, keyBits, Key);
        var plaintext = new byte[10 << 20];
        Random.Shared.NextBytes(plaintext);
        var sealedData = Seal(cipher, plaintext, AssociatedData);
        // Counter mode must not leave plaintext showing through anywhere.
        Assert.False(plaintext.AsSpan(0, 4096).SequenceEqual(sealedData.AsSpan(cipher.Suite.BlockBytes, 4096)));
        Assert.True(Open(cipher, sealedData, AssociatedData).AsSpan().SequenceEqual(plaintext));
    }

    [Theory]
    [MemberData(nameof(Suites.All), MemberType = typeof(Suites))]
    public void TryOpen_AnyFlippedByte_IsRefusedAndWritesNothing(string algorithm, int keyBits)
    {
        using var cipher = AuthenticatedCipher.Create(algorithm, keyBits, Key);
        var plaintext = new byte[cipher.Suite.BlockBytes + 9];
        Random.Shared.NextBytes(plaintext);
        var sealedData = Seal(cipher, plaintext, AssociatedData);
        var output = new byte[plaintext.Length];

        // Every byte of IV, ciphertext and tag.
        for (var i = 0; i < sealedData.Length; i++)
        {
            var damaged = (byte[])sealedData.Clone();
            damaged[i] ^= (byte)(1 << (i % 8));
            Assert.False(cipher.TryOpen(damaged, AssociatedData, output), $"byte {i} of {sealedData.Length}");
        }
        // Every byte of the associated data, and its length.
        for (var i = 0; i < AssociatedData.Length; i++)
        {
            var otherData = (byte[])AssociatedData.Clone();
            otherData[i] ^= 0x80;
            Assert.False(cipher.TryOpen(sealedData, otherData, output), $"associated data byte {i}");
        }
        Assert.False(cipher.TryOpen(sealedData, AssociatedData.AsSpan(1), output));
        Assert.False(cipher.TryOpen(sealedData.AsSpan(0, sealedData.Length - 1), AssociatedData, output));
        Assert.All(output, b => Assert.Equal(0, b));
    }

    [Theory]
    [MemberData(nameof(Suites.All), MemberType = typeof(Suites))]
    public void TryOpen_WrongMasterKey_IsRefused(string algorithm, int keyBits)
    {
        using var sealer = AuthenticatedCipher.Create(algorithm, keyBits, Key);
        using var opener = AuthenticatedCipher.Create(algorithm, keyBits, Suites.MasterKey(2));
        var sealedData = Seal(sealer, "payload"u8.ToArray(), AssociatedData);

        Assert.False(opener.TryOpen(sealedData, AssociatedData, new byte[7]));
    }

    [Fact]
    public void TryOpen_SealedByAnotherSuite_IsRefused()
    {
        var suites = CipherCatalog.Suites;
        var plaintext = new byte[200];
        for (var i = 0; i < suites.Count; i++)
        {
            using var sealer = AuthenticatedCipher.Create(suites[i], Key);
            var sealedData = Seal(sealer, plaintext, AssociatedData);
            foreach (var other in suites.Where(s => s != suites[i]))
            {
                using var opener = AuthenticatedCipher.Create(other, Key);
                if (sealedData.Length >= opener.Overhead)
                {
                    Assert.False(opener.TryOpen(sealedData, AssociatedData, new byte[sealedData.Length]), $"{suites[i]} opened as {other}");
                }
            }
        }
    }

    [Fact]
    public void Seal_SamePlaintextUnderTwoAlgorithms_GivesDifferentCiphertexts()
    {
        var plaintext = new byte[64];
        using var aria = AuthenticatedCipher.Create("Aria", 256, Key);
        using var camellia = AuthenticatedCipher.Create("Camellia", 256, Key);

        var a = Seal(aria, plaintext, []);
        var b = Seal(camellia, plaintext, []);

        Assert.False(a.AsSpan(16, 64).SequenceEqual(b.AsSpan(16, 64)));
    }

    [Fact]
    public void Seal_SamePlaintextTwice_UsesFreshIvs()
    {
        using var cipher = AuthenticatedCipher.Create("Kuznyechik", 256, Key);
        var a = Seal(cipher, new byte[32], []);
        var b = Seal(cipher, new byte[32], []);

        Assert.NotEqual(a, b);
        Assert.False(a.AsSpan(0, 16).SequenceEqual(b.AsSpan(0, 16)));
    }

    [Fact]
    public void Seal_OutputTooSmall_Throws()
    {
        using var cipher = AuthenticatedCipher.Create("SM4", 128, Key);
        Assert.Throws<ArgumentException>(() => cipher.Seal(new byte[10], [], new byte[10 + cipher.Overhead - 1]));
    }

    [Fact]
    public void Create_NameInAnyCase_FindsTheSuite()
    {
        using var cipher = AuthenticatedCipher.Create("kuznyechik", 256, Key);
        Assert.Equal(0x60, cipher.Code);
        Assert.Equal(16 + 32, cipher.Overhead);
    }

    [Fact]
    public void Create_KeyMaterialTooShort_Throws() =>
        Assert.Throws<ArgumentException>(() => AuthenticatedCipher.Create("Rijndael", 256, new byte[15]));

    private static byte[] Seal(IAuthenticatedCipher cipher, byte[] plaintext, byte[] associatedData)
    {
        var output = new byte[plaintext.Length + cipher.Overhead];
        Assert.Equal(output.Length, cipher.Seal(plaintext, associatedData, output));
        return output;
    }

    private static byte[] Open(IAuthenticatedCipher cipher, byte[] sealedData, byte[] associatedData)
    {
        var plaintext = new byte[sealedData.Length - cipher.Overhead];
        Assert.True(cipher.TryOpen(sealedData, associatedData, plaintext));
        return plaintext;
    }
}
