using System.Buffers.Binary;

namespace RuBackup.Repository.Transfer;

/// <summary>
/// Writes to a stream and feeds every byte to BLAKE3 on the way, so the export's end checksum costs no
/// second read of the file. Does not own the stream.
/// </summary>
internal sealed class HashingWriter(Stream stream) : IDisposable
{
    // A mutable struct: kept in a non-readonly field and never copied.
    private Blake3.Hasher _hasher = Blake3.Hasher.New();

    /// <summary>Bytes written so far.</summary>
    public long Length { get; private set; }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        _hasher.Update(bytes);
        stream.Write(bytes);
        Length += bytes.Length;
    }

    public void WriteUInt16(ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        Write(bytes);
    }

    public void WriteUInt32(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        Write(bytes);
    }

    public void WriteUInt64(ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        Write(bytes);
    }

    /// <summary>BLAKE3 of every byte written so far.</summary>
    public byte[] Checksum()
    {
        var checksum = new byte[ExportFormat.ChecksumSize];
        _hasher.Finalize(checksum);
        return checksum;
    }

    public void Dispose() => _hasher.Dispose();
}
