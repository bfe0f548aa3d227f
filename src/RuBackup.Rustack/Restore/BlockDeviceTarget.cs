using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using RuBackup.Repository.Engine;

namespace RuBackup.Rustack.Restore;

/// <summary>
/// Restores onto an attached volume's block device. A new Cinder volume is not promised to read as
/// zeros (that depends on the backend and its volume_clear setting), so holes are zeroed explicitly:
/// with fallocate (punch hole, else zero range), which thin storage answers without writing, and
/// by writing zeros only where the device supports neither. A restored disk is never silently
/// mixed with a previous tenant's bytes.
/// </summary>
public sealed partial class BlockDeviceTarget : IDiskTarget
{
    private const int KeepSize = 0x01;
    private const int PunchHole = 0x02;
    private const int ZeroRange = 0x10;
    private readonly SafeFileHandle _handle;
    private int _zeroMode = PunchHole | KeepSize;

    public BlockDeviceTarget(string path)
    {
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
    }

    /// <summary>False: the restore hands every position over, holes as zero buffers.</summary>
    public bool HolesReadAsZero => false;

    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        if (data.ContainsAnyExcept((byte)0) || !TryZero(offset, data.Length))
        {
            RandomAccess.Write(_handle, data, offset);
        }
    }

    public void Complete() => RandomAccess.FlushToDisk(_handle);

    // The volume itself is deleted by the restore's cleanup stack; nothing to undo here.
    public void Abandon() { }

    public void Dispose() => _handle.Dispose();

    private bool TryZero(long offset, long length)
    {
        while (_zeroMode != 0)
        {
            if (Fallocate(_handle, _zeroMode, offset, length) == 0)
            {
                return true;
            }
            // Not supported here: fall back once, from punch hole to zero range to plain writes.
            _zeroMode = _zeroMode == (PunchHole | KeepSize) ? ZeroRange | KeepSize : 0;
        }
        return false;
    }

    [LibraryImport("libc", EntryPoint = "fallocate", SetLastError = true)]
    private static partial int Fallocate(SafeFileHandle fd, int mode, long offset, long length);
}
