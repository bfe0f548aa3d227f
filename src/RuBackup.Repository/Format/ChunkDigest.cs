using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace RuBackup.Repository.Format;

/// <summary>
/// The 32-byte name of a chunk: BLAKE3 of its plaintext, keyed with the archive's identity key when the
/// archive is encrypted (so names reveal nothing about content to whoever holds the pool).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct ChunkDigest : IEquatable<ChunkDigest>, IComparable<ChunkDigest>
{
    public const int Size = 32;

    private readonly ulong _a, _b, _c, _d;

    public ChunkDigest(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"a chunk digest is {Size} bytes, got {bytes.Length}", nameof(bytes));
        }
        _a = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _b = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _c = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
        _d = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
    }

    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _c);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _d);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        CopyTo(bytes);
        return bytes;
    }

    public string ToHex() => Convert.ToHexStringLower(ToArray());

    public override string ToString() => ToHex();

    public static ChunkDigest Parse(string hex)
    {
        if (hex.Length != Size * 2)
        {
            throw new FormatException($"a chunk digest is {Size * 2} hex characters: '{hex}'");
        }
        return new ChunkDigest(Convert.FromHexString(hex));
    }

    public static bool TryParse(string hex, out ChunkDigest digest)
    {
        digest = default;
        if (hex.Length != Size * 2)
        {
            return false;
        }
        try
        {
            digest = Parse(hex);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public bool Equals(ChunkDigest other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    public override bool Equals(object? obj) => obj is ChunkDigest other && Equals(other);

    // The digest is already uniformly distributed: its first word is a perfect hash code.
    public override int GetHashCode() => (int)_a ^ (int)(_a >> 32);

    public int CompareTo(ChunkDigest other)
    {
        var c = _a.CompareTo(other._a);
        if (c != 0) return c;
        c = _b.CompareTo(other._b);
        if (c != 0) return c;
        c = _c.CompareTo(other._c);
        return c != 0 ? c : _d.CompareTo(other._d);
    }

    public static bool operator ==(ChunkDigest left, ChunkDigest right) => left.Equals(right);

    public static bool operator !=(ChunkDigest left, ChunkDigest right) => !left.Equals(right);

    public static bool operator <(ChunkDigest left, ChunkDigest right) => left.CompareTo(right) < 0;

    public static bool operator >(ChunkDigest left, ChunkDigest right) => left.CompareTo(right) > 0;

    public static bool operator <=(ChunkDigest left, ChunkDigest right) => left.CompareTo(right) <= 0;

    public static bool operator >=(ChunkDigest left, ChunkDigest right) => left.CompareTo(right) >= 0;
}
