using Microsoft.Win32.SafeHandles;
using RuBackup.Repository.Engine;

namespace RuBackup.Rustack.Restore;

/// <summary>
/// Restores onto an attached volume's block device. A freshly created Cinder volume reads as zeros
/// (volume_clear / thin provisioning), so holes are skipped unless the caller says otherwise.
/// </summary>
public sealed class BlockDeviceTarget : IDiskTarget
{
    private readonly SafeFileHandle _handle;

    public BlockDeviceTarget(string path, bool holesReadAsZero = true)
    {
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        HolesReadAsZero = holesReadAsZero;
    }

    public bool HolesReadAsZero { get; }

    public void Write(long offset, ReadOnlySpan<byte> data) => RandomAccess.Write(_handle, data, offset);

    public void Complete() => RandomAccess.FlushToDisk(_handle);

    // The volume itself is deleted by the restore's cleanup stack; nothing to undo here.
    public void Abandon() { }

    public void Dispose() => _handle.Dispose();
}
