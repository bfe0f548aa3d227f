using RuBackup.Crypto;
using RuBackup.Tools.Crypt.Format;
using RuBackup.Tools.Crypt.Tests.Support;

namespace RuBackup.Tools.Crypt.Tests;

/// <summary>
/// Issue 7, acceptance 2: a flipped byte anywhere, truncation, appending, reordering and splicing are
/// all refused, for every algorithm at every key length (format level, small segments).
/// </summary>
public class TamperTests
{
    private const int Segment = CryptHeader.MinSegmentBytes;

    /// <summary>2.5 segments: two full segments and a short final one.</summary>
    private const int PlainSize = (2 * Segment) + (Segment / 2);

    [Theory]
    [MemberData(nameof(Suites.All), MemberType = typeof(Suites))]
    public void Decrypt_FlippedByteAnywhere_Refused(string label)
    {
        var suite = Suites.Get(label);
        var key = Suites.Key(7);
        var file = Streams.Encrypt(suite, key, Suites.Data(2, PlainSize), Segment);
        foreach (var position in SamplePositions(suite, file.Length))
        {
            var damaged = (byte[])file.Clone();
            damaged[position] ^= 0x01;
            Assert.Throws<CryptFileException>(() => Streams.Decrypt(key, damaged));
        }
    }

    [Theory]
    [MemberData(nameof(Suites.All), MemberType = typeof(Suites))]
    public void Decrypt_TruncatedAppendedSwappedOrSpliced_Refused(string label)
    {
        var suite = Suites.Get(label);
        var key = Suites.Key(9);
        var file = Streams.Encrypt(suite, key, Suites.Data(4, PlainSize), Segment);
        var other = Streams.Encrypt(suite, key, Suites.Data(4, PlainSize), Segment);
        var (prefix, full) = (SegmentedFile.PrefixBytes(suite), Segment + suite.BlockBytes + AuthenticatedCipher.TagBytes);

        // Cut at every segment boundary (what is left is authentic segment by segment), inside the
        // header, inside the key check, and one byte short.
        foreach (var length in new[] { 0, 5, CryptHeader.Size, prefix - 1, prefix, prefix + full, prefix + (2 * full), file.Length - 1 })
        {
            var message = Assert.Throws<CryptFileException>(() => Streams.Decrypt(key, file[..length])).Message;
            if (length == prefix + full || length == prefix + (2 * full))
            {
                Assert.Contains("truncated", message, StringComparison.Ordinal);
            }
        }

        // A whole segment appended (a copy of the first): after a short last segment the reader sees
        // one damaged segment; after a full one it can say what happened.
        Assert.Throws<CryptFileException>(() => Streams.Decrypt(key, [.. file, .. file[prefix..(prefix + full)]]));
        var exact = Streams.Encrypt(suite, key, Suites.Data(5, 2 * Segment), Segment);
        var appended = exact.Concat(exact[prefix..(prefix + full)]).ToArray();
        Assert.Contains("appended", Assert.Throws<CryptFileException>(() => Streams.Decrypt(key, appended)).Message, StringComparison.Ordinal);

        // The first two segments swapped.
        var swapped = (byte[])file.Clone();
        file.AsSpan(prefix, full).CopyTo(swapped.AsSpan(prefix + full));
        file.AsSpan(prefix + full, full).CopyTo(swapped.AsSpan(prefix));
        Assert.Contains("segment 0", Assert.Throws<CryptFileException>(() => Streams.Decrypt(key, swapped)).Message, StringComparison.Ordinal);

        // Segment 1 of another file under the same key and suite: its file id differs.
        var spliced = (byte[])file.Clone();
        other.AsSpan(prefix + full, full).CopyTo(spliced.AsSpan(prefix + full));
        Assert.Contains("segment 1", Assert.Throws<CryptFileException>(() => Streams.Decrypt(key, spliced)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Suites.All), MemberType = typeof(Suites))]
    public void Decrypt_WrongKey_RefusedAtTheHeaderBeforeWritingAnything(string label)
    {
        var suite = Suites.Get(label);
        var file = Streams.Encrypt(suite, Suites.Key(1), Suites.Data(6, PlainSize), Segment);
        using var sink = new MemoryStream();
        var message = Assert.Throws<CryptFileException>(() => Streams.Decrypt(Suites.Key(2), file, sink)).Message;
        Assert.Contains("wrong key", message, StringComparison.Ordinal);
        Assert.Equal(0, sink.Length);
    }

    [Fact]
    public void Decrypt_NotAnRbcryptFile_SaysSo()
    {
        var message = Assert.Throws<CryptFileException>(() => Streams.Decrypt(Suites.Key(1), Suites.Data(1, 100))).Message;
        Assert.Contains("not an rbcrypt file", message, StringComparison.Ordinal);
    }

    /// <summary>Every header byte, the key check's first and last bytes, and per segment its IV, first, middle and last ciphertext byte and tag.</summary>
    private static IEnumerable<int> SamplePositions(CipherSuite suite, int fileLength)
    {
        for (var i = 0; i < CryptHeader.Size; i++)
        {
            yield return i;
        }
        var prefix = SegmentedFile.PrefixBytes(suite);
        yield return CryptHeader.Size;
        yield return prefix - 1;
        var full = Segment + suite.BlockBytes + AuthenticatedCipher.TagBytes;
        for (var start = prefix; start < fileLength; start += full)
        {
            var end = Math.Min(start + full, fileLength);
            var body = start + suite.BlockBytes;
            foreach (var position in new[] { start, body - 1, body, (body + end - AuthenticatedCipher.TagBytes) / 2, end - AuthenticatedCipher.TagBytes - 1, end - AuthenticatedCipher.TagBytes, end - 1 })
            {
                yield return position;
            }
        }
    }
}
