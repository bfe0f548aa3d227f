using Microsoft.Win32.SafeHandles;

namespace RuBackup.Repository.Engine;

/// <summary>What a backup reads one disk from: an image file or a block device.</summary>
public interface IDiskSource : IDisposable
{
    string Name { get; }

    long Length { get; }

    /// <summary>Reads exactly <paramref name="buffer"/>.Length bytes at <paramref name="offset"/> (within Length).</summary>
    void ReadExactly(long offset, Span<byte> buffer);
}

/// <summary>A disk image or block device read with positional reads, so workers read in parallel.</summary>
public sealed class FileDiskSource : IDiskSource
{
    private readonly SafeFileHandle _handle;
    private readonly string _path;

    public FileDiskSource(string name, string path)
    {
        Name = name;
        _path = path;
        try
        {
            _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RepositoryException($"disk '{name}': cannot open {path}: {e.Message}", e);
        }
        Length = RandomAccess.GetLength(_handle);
        if (Length == 0 && !File.GetAttributes(path).HasFlag(FileAttributes.Normal))
        {
            // Block devices report size 0 through fstat; seeking to the end gives their size.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            Length = stream.Seek(0, SeekOrigin.End);
        }
    }

    public string Name { get; }

    public long Length { get; }

    public void ReadExactly(long offset, Span<byte> buffer)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            var read = RandomAccess.Read(_handle, buffer[done..], offset + done);
            if (read == 0)
            {
                throw new RepositoryException($"disk '{Name}': {_path} ended at {offset + done} bytes while reading (it shrank during the backup?)");
            }
            done += read;
        }
    }

    public void Dispose() => _handle.Dispose();
}

/// <summary>A disk given as bytes in memory (tests, small sources).</summary>
public sealed class MemoryDiskSource(string name, ReadOnlyMemory<byte> content) : IDiskSource
{
    public string Name { get; } = name;

    public long Length => content.Length;

    public void ReadExactly(long offset, Span<byte> buffer) => content.Span.Slice((int)offset, buffer.Length).CopyTo(buffer);

    public void Dispose() { }
}

/// <summary>A byte range known to have changed since the base (changed-block tracking).</summary>
public readonly record struct ChangedExtent(long Offset, long Length);
