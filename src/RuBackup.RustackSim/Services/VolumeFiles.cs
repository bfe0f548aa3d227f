using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace RuBackup.RustackSim.Services;

/// <summary>
/// Volume and snapshot images on disk: sparse files, copied sparsely (only data extents are read and
/// written, found with SEEK_DATA/SEEK_HOLE), plus the by-id links the backup VM "sees".
/// </summary>
public sealed partial class VolumeFiles(SimOptions options)
{
    private const int SeekData = 3;
    private const int SeekHole = 4;
    private const int CopyBlock = 4 << 20;

    public string VolumePath(string id) => Path.Combine(options.VolumesDir, id + ".img");

    public string SnapshotPath(string id) => Path.Combine(options.SnapshotsDir, id + ".img");

    public string ByIdLink(string volumeId) => Path.Combine(options.ByIdDir, "virtio-" + volumeId[..Math.Min(20, volumeId.Length)]);

    public void CreateEmpty(string path, long bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write);
        RandomAccess.SetLength(handle, bytes);
    }

    /// <summary>Copies source to target as a sparse file of targetBytes (at least the source's data).</summary>
    public void SparseCopy(string source, string target, long targetBytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = target + ".partial";
        using (var src = File.OpenHandle(source, FileMode.Open, FileAccess.Read))
        using (var dst = File.OpenHandle(temp, FileMode.Create, FileAccess.Write))
        {
            var length = RandomAccess.GetLength(src);
            RandomAccess.SetLength(dst, Math.Max(length, targetBytes));
            var buffer = new byte[CopyBlock];
            var fd = (int)src.DangerousGetHandle();
            long offset = 0;
            while (offset < length)
            {
                var data = Lseek(fd, offset, SeekData);
                if (data < 0)
                {
                    break; // ENXIO: only a hole remains
                }
                var hole = Math.Min(Lseek(fd, data, SeekHole), length);
                for (var at = data; at < hole;)
                {
                    var read = RandomAccess.Read(src, buffer.AsSpan(0, (int)Math.Min(buffer.Length, hole - at)), at);
                    if (read <= 0)
                    {
                        break;
                    }
                    WriteUnlessZero(dst, buffer.AsSpan(0, read), at);
                    at += read;
                }
                offset = hole;
            }
            FlushFile(dst);
        }
        File.Move(temp, target, overwrite: true);
    }

    public static void Delete(string path)
    {
        File.Delete(path);
        File.Delete(path + ".partial");
    }

    public void Link(string volumeId)
    {
        Directory.CreateDirectory(options.ByIdDir);
        var link = ByIdLink(volumeId);
        File.Delete(link);
        File.CreateSymbolicLink(link, VolumePath(volumeId));
    }

    public void Unlink(string volumeId) => File.Delete(ByIdLink(volumeId));

    /// <summary>Zero blocks stay holes, so a copy of a mostly empty disk stays mostly empty on disk.</summary>
    private static void WriteUnlessZero(SafeFileHandle handle, ReadOnlySpan<byte> block, long offset)
    {
        if (block.IndexOfAnyExcept((byte)0) >= 0)
        {
            RandomAccess.Write(handle, block, offset);
        }
    }

    private static void FlushFile(SafeFileHandle handle) => RandomAccess.FlushToDisk(handle);

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    private static partial long Lseek(int fd, long offset, int whence);
}
