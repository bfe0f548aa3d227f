using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using RuBackup.Crypto;

namespace RuBackup.Tools.Crypt.Format;

/// <summary>
/// The 32 bytes that open an rbcrypt file (docs/format.md, "rbcrypt files"): magic, version, suite
/// code, segment size and a random file id. Every tag of the file covers these bytes, so the suite
/// and segment size cannot be changed and segments cannot move between files.
/// </summary>
public sealed class CryptHeader
{
    public const int Size = 32;

    public const byte CurrentVersion = 1;

    public const int DefaultSegmentBytes = 1 << 20;

    public const int MinSegmentBytes = 4 << 10;

    /// <summary>Bounds what a (possibly hostile) header can make decrypt allocate: about three segments.</summary>
    public const int MaxSegmentBytes = 64 << 20;

    public const int FileIdBytes = 16;

    /// <summary>Header, segment index and final flag: see <see cref="SegmentAssociatedData"/>.</summary>
    public const int SegmentAssociatedDataSize = Size + 8 + 1;

    private static readonly byte[] MagicBytes = "RBCRYPT\0"u8.ToArray();

    private readonly byte[] _bytes;

    private CryptHeader(byte[] bytes, CipherSuite suite, int segmentBytes)
    {
        _bytes = bytes;
        Suite = suite;
        SegmentBytes = segmentBytes;
    }

    public CipherSuite Suite { get; }

    /// <summary>Plaintext bytes in every segment but the last (which has 0 to this many).</summary>
    public int SegmentBytes { get; }

    public ReadOnlySpan<byte> Bytes => _bytes;

    public static ReadOnlySpan<byte> Magic => MagicBytes;

    public static bool IsValidSegmentSize(int bytes) =>
        bytes is >= MinSegmentBytes and <= MaxSegmentBytes && (bytes & (bytes - 1)) == 0;

    /// <summary>A header for a new file: a fresh random file id.</summary>
    public static CryptHeader Create(CipherSuite suite, int segmentBytes)
    {
        ArgumentNullException.ThrowIfNull(suite);
        if (!IsValidSegmentSize(segmentBytes))
        {
            throw new ArgumentOutOfRangeException(nameof(segmentBytes), segmentBytes, "a power of two from 4 KiB to 64 MiB");
        }
        var bytes = new byte[Size];
        MagicBytes.CopyTo(bytes, 0);
        bytes[8] = CurrentVersion;
        bytes[9] = suite.Code;
        // bytes 10..11 stay zero (reserved).
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), (uint)segmentBytes);
        RandomNumberGenerator.Fill(bytes.AsSpan(16, FileIdBytes));
        return new CryptHeader(bytes, suite, segmentBytes);
    }

    /// <summary>Reads and checks the structure; the key check and the tags come later.</summary>
    public static CryptHeader Read(Stream input, string name)
    {
        ArgumentNullException.ThrowIfNull(input);
        var bytes = new byte[Size];
        var got = input.ReadAtLeast(bytes, Size, throwOnEndOfStream: false);
        if (got < MagicBytes.Length || !bytes.AsSpan(0, MagicBytes.Length).SequenceEqual(MagicBytes))
        {
            throw new CryptFileException($"{name}: not an rbcrypt file (it does not start with the RBCRYPT header)");
        }
        if (got < Size)
        {
            throw new CryptFileException(string.Create(CultureInfo.InvariantCulture, $"{name}: truncated: {got} bytes, shorter than the {Size}-byte header"));
        }
        if (bytes[8] != CurrentVersion)
        {
            throw new CryptFileException(string.Create(CultureInfo.InvariantCulture,
                $"{name}: rbcrypt format version {bytes[8]}; this rbcrypt reads version {CurrentVersion} (the header is damaged, or a newer rbcrypt wrote it)"));
        }
        if (!CipherCatalog.TryGet(bytes[9], out var suite))
        {
            throw new CryptFileException($"{name}: unknown algorithm code 0x{bytes[9]:X2} in the header (damaged, or written by a newer rbcrypt)");
        }
        var segment = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        if (bytes[10] != 0 || bytes[11] != 0 || segment > int.MaxValue || !IsValidSegmentSize((int)segment))
        {
            throw new CryptFileException($"{name}: the header is damaged (reserved bytes or segment size out of range)");
        }
        return new CryptHeader(bytes, suite, (int)segment);
    }

    /// <summary>Associated data of segment <paramref name="index"/>: header || uint64-LE index || final flag.</summary>
    public void SegmentAssociatedData(long index, bool final, Span<byte> destination)
    {
        _bytes.CopyTo(destination);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[Size..], (ulong)index);
        destination[Size + 8] = final ? (byte)1 : (byte)0;
    }
}
