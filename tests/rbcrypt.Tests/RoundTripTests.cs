using RuBackup.Tools.Crypt.Format;
using RuBackup.Tools.Crypt.Tests.Support;

namespace RuBackup.Tools.Crypt.Tests;

/// <summary>Issue 7, acceptance 2: every algorithm at every key length of Table 1 round-trips files of every awkward size.</summary>
public class RoundTripTests
{
    private const int SmallSegment = CryptHeader.MinSegmentBytes;
    private const int MiB = 1 << 20;

    [Theory]
    [MemberData(nameof(Suites.All), MemberType = typeof(Suites))]
    public void Encrypt_EdgeSizesWithSmallSegments_DecryptGivesSameBytes(string label)
    {
        var suite = Suites.Get(label);
        var key = Suites.Key(3);
        var block = suite.BlockBytes;
        int[] sizes = [0, 1, block - 1, block, block + 1, SmallSegment - 1, SmallSegment, SmallSegment + 1, (3 * SmallSegment) + block];
        foreach (var size in sizes)
        {
            var plain = Suites.Data(size, size);
            var file = Streams.Encrypt(suite, key, plain, SmallSegment);
            Assert.Equal(SegmentedFile.EncryptedSize(suite, size, SmallSegment), file.LongLength);
            Assert.Equal(suite.Code, file[9]);
            Assert.Equal(plain, Streams.Decrypt(key, file));
        }
    }

    [Theory]
    [MemberData(nameof(Suites.All), MemberType = typeof(Suites))]
    public void Encrypt_DefaultSegmentOneSegmentPlusOneAnd10MiB_DecryptGivesSameBytes(string label)
    {
        var suite = Suites.Get(label);
        var key = Suites.Key(5, 128);
        foreach (var size in new[] { MiB, MiB + 1, 10 * MiB })
        {
            var plain = Suites.Data(size, size);
            var file = Streams.Encrypt(suite, key, plain, CryptHeader.DefaultSegmentBytes);
            Assert.Equal(SegmentedFile.EncryptedSize(suite, size, CryptHeader.DefaultSegmentBytes), file.LongLength);
            Assert.Equal(plain, Streams.Decrypt(key, file));
        }
    }

    [Fact]
    public void Encrypt_SameFileTwice_CiphertextsDiffer()
    {
        var suite = Suites.Get("rijndael-256");
        var plain = Suites.Data(1, 10_000);
        var first = Streams.Encrypt(suite, Suites.Key(1), plain, SmallSegment);
        var second = Streams.Encrypt(suite, Suites.Key(1), plain, SmallSegment);
        // A fresh file id and fresh IVs: no two encryptions share a byte pattern an observer could match.
        Assert.NotEqual(first.AsSpan(16, 16).ToArray(), second.AsSpan(16, 16).ToArray());
        Assert.NotEqual(first[CryptHeader.Size..], second[CryptHeader.Size..]);
    }
}
