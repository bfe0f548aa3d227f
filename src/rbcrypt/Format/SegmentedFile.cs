using System.Globalization;
using RuBackup.Crypto;

namespace RuBackup.Tools.Crypt.Format;

/// <summary>
/// The rbcrypt file (docs/format.md, "rbcrypt files"): header, key check, then the plaintext in
/// segments, each sealed by <see cref="IAuthenticatedCipher"/> with the header, its index and a final
/// flag as associated data. Streams in both directions holding about three segments, whatever the
/// file's size. Decryption writes a segment only after its tag is checked; the caller writes to a
/// temporary file and keeps it only if the whole file checked.
/// </summary>
public static class SegmentedFile
{
    /// <summary>Bytes before the first segment: header and key check (an empty sealed message).</summary>
    public static int PrefixBytes(CipherSuite suite)
    {
        ArgumentNullException.ThrowIfNull(suite);
        return CryptHeader.Size + suite.BlockBytes + AuthenticatedCipher.TagBytes;
    }

    /// <summary>The encrypted size of <paramref name="plainBytes"/>, for callers that want to know ahead.</summary>
    public static long EncryptedSize(CipherSuite suite, long plainBytes, int segmentBytes)
    {
        ArgumentNullException.ThrowIfNull(suite);
        var segments = Math.Max(1, (plainBytes + segmentBytes - 1) / segmentBytes);
        return PrefixBytes(suite) + plainBytes + (segments * (suite.BlockBytes + AuthenticatedCipher.TagBytes));
    }

    /// <summary>Writes the whole rbcrypt file for <paramref name="input"/>; returns the plaintext bytes read.</summary>
    public static long Encrypt(Stream input, Stream output, IAuthenticatedCipher cipher, int segmentBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(cipher);
        var header = CryptHeader.Create(cipher.Suite, segmentBytes);
        output.Write(header.Bytes);
        var check = new byte[cipher.Overhead];
        cipher.Seal([], header.Bytes, check);
        output.Write(check);

        var current = new byte[segmentBytes];
        var next = new byte[segmentBytes];
        var segment = new byte[segmentBytes + cipher.Overhead];
        Span<byte> associated = stackalloc byte[CryptHeader.SegmentAssociatedDataSize];
        var length = input.ReadAtLeast(current, segmentBytes, throwOnEndOfStream: false);
        long total = 0;
        for (long index = 0; ; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            total += length;
            // A segment is final when nothing follows it, so a full one waits for the read after it:
            // an empty file still gets one (empty, final) segment, and truncation is always visible.
            var nextLength = length == segmentBytes ? input.ReadAtLeast(next, segmentBytes, throwOnEndOfStream: false) : 0;
            var final = nextLength == 0;
            header.SegmentAssociatedData(index, final, associated);
            var written = cipher.Seal(current.AsSpan(0, length), associated, segment);
            output.Write(segment, 0, written);
            if (final)
            {
                output.Flush();
                return total;
            }
            (current, next) = (next, current);
            length = nextLength;
        }
    }

    /// <summary>
    /// Reads the key check that follows the header: a wrong key (or another suite's key) fails here,
    /// before anything is decrypted or written.
    /// </summary>
    public static void CheckKey(CryptHeader header, Stream input, IAuthenticatedCipher cipher, string name)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(cipher);
        var check = new byte[cipher.Overhead];
        if (input.ReadAtLeast(check, check.Length, throwOnEndOfStream: false) < check.Length)
        {
            throw new CryptFileException($"{name}: truncated: it ends inside the header");
        }
        if (!cipher.TryOpen(check, header.Bytes, []))
        {
            throw new CryptFileException($"{name}: wrong key for {header.Suite.Label}, or the header is damaged (the header's tag does not match)");
        }
    }

    /// <summary>Decrypts the segments after <see cref="CheckKey"/>; returns the plaintext bytes written.</summary>
    public static long Decrypt(CryptHeader header, Stream input, Stream output, IAuthenticatedCipher cipher, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(cipher);
        var full = header.SegmentBytes + cipher.Overhead;
        var current = new byte[full];
        var next = new byte[full];
        var plain = new byte[header.SegmentBytes];
        Span<byte> associated = stackalloc byte[CryptHeader.SegmentAssociatedDataSize];
        long offset = PrefixBytes(header.Suite);
        long total = 0;
        var length = input.ReadAtLeast(current, full, throwOnEndOfStream: false);
        if (length == 0)
        {
            throw new CryptFileException(string.Create(CultureInfo.InvariantCulture, $"{name}: truncated: nothing follows the header (byte {offset})"));
        }
        for (long index = 0; ; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var nextLength = length == full ? input.ReadAtLeast(next, full, throwOnEndOfStream: false) : 0;
            var final = nextLength == 0;
            var segment = current.AsSpan(0, length);
            header.SegmentAssociatedData(index, final, associated);
            if (!cipher.TryOpen(segment, associated, plain))
            {
                throw Explain(header, cipher, segment, index, final, offset, name);
            }
            output.Write(plain, 0, length - cipher.Overhead);
            total += length - cipher.Overhead;
            if (final)
            {
                output.Flush();
                return total;
            }
            offset += length;
            (current, next) = (next, current);
            length = nextLength;
        }
    }

    /// <summary>Names what went wrong as exactly as the tags allow: truncation and appending are told apart from damage.</summary>
    private static CryptFileException Explain(CryptHeader header, IAuthenticatedCipher cipher, ReadOnlySpan<byte> segment, long index, bool final, long offset, string name)
    {
        var end = offset + segment.Length;
        if (segment.Length < cipher.Overhead)
        {
            return new CryptFileException(string.Create(CultureInfo.InvariantCulture,
                $"{name}: truncated: segment {index} at byte {offset} has {segment.Length} bytes, less than its {cipher.Overhead}-byte IV and tag"));
        }
        Span<byte> associated = stackalloc byte[CryptHeader.SegmentAssociatedDataSize];
        header.SegmentAssociatedData(index, !final, associated);
        var scratch = new byte[segment.Length - cipher.Overhead];
        if (cipher.TryOpen(segment, associated, scratch))
        {
            return new CryptFileException(final
                ? string.Create(CultureInfo.InvariantCulture, $"{name}: truncated: the file ends at byte {end}, after segment {index}, which is not its last segment")
                : string.Create(CultureInfo.InvariantCulture, $"{name}: data was appended: segment {index} is the file's last, yet more follows from byte {end}"));
        }
        return new CryptFileException(string.Create(CultureInfo.InvariantCulture,
            $"{name}: damaged: segment {index} (bytes {offset} to {end - 1}) is not authentic (changed, cut short, moved, or from another file)"));
    }
}
