using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace RuBackup.Repository.Storage;

/// <summary>
/// The few POSIX calls .NET does not expose: directory fsync (so a rename is durable), syncfs (one
/// flush of every chunk file a backup wrote, as Proxmox's chunk store does, instead of an fsync per
/// chunk), and flock on descriptors we open ourselves (.NET's FileStream takes its own flock, which
/// would mix with ours).
/// </summary>
internal static partial class NativeFile
{
    private const int ORdOnly = 0;
    private const int ORdWr = 2;
    private const int OCreat = 0x40;
    private const int ODirectory = 0x10000;
    private const int OCloexec = 0x80000;
    private const int LockSh = 1;
    private const int LockEx = 2;
    private const int LockNb = 4;
    private const int LockUn = 8;
    private const int EWouldBlock = 11;
    private const int EIntr = 4;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int Syncfs(int fd);

    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static partial int SyncFileRange(nint fd, long offset, long nbytes, uint flags);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);

    /// <summary>Makes the directory entry changes (creates, renames) under <paramref name="directory"/> durable.</summary>
    public static void FsyncDirectory(string directory) => OnDirectory(directory, Fsync, "fsync");

    /// <summary>Flushes every dirty page of the file system holding <paramref name="path"/>.</summary>
    public static void SyncFileSystem(string path) => OnDirectory(path, Syncfs, "syncfs");

    /// <summary>
    /// Starts writing the range back to disk without waiting (SYNC_FILE_RANGE_WRITE), so the one
    /// syncfs or fsync at commit finds little left to do: the flush overlaps with compression
    /// instead of following it. Purely a hint; durability still comes from the commit's sync.
    /// </summary>
    public static void StartWriteback(SafeFileHandle handle, long offset, long length)
    {
        const uint SyncFileRangeWrite = 2;
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            _ = SyncFileRange(handle.DangerousGetHandle(), offset, length, SyncFileRangeWrite);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>An flock held until disposed. Released by the kernel if the process dies.</summary>
    public static FileLock? Lock(string path, bool exclusive, bool wait)
    {
        var fd = OpenOrThrow(path, ORdWr | OCreat | OCloexec, Convert.ToInt32("600", 8));
        var operation = (exclusive ? LockEx : LockSh) | (wait ? 0 : LockNb);
        while (Flock(fd, operation) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == EIntr)
            {
                continue;
            }
            _ = Close(fd);
            if (errno == EWouldBlock)
            {
                return null;
            }
            throw new IOException($"{path}: flock failed (errno {errno})");
        }
        return new FileLock(fd);
    }

    private static void OnDirectory(string directory, Func<int, int> call, string name)
    {
        var fd = OpenOrThrow(directory, ORdOnly | ODirectory | OCloexec, 0);
        try
        {
            Check(call(fd), name, directory);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private static int OpenOrThrow(string path, int flags, int mode)
    {
        var fd = Open(path, flags, mode);
        if (fd < 0)
        {
            throw new IOException($"{path}: open failed (errno {Marshal.GetLastPInvokeError()})");
        }
        return fd;
    }

    private static void Check(int result, string call, string path)
    {
        if (result != 0)
        {
            throw new IOException($"{path}: {call} failed (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    public sealed class FileLock : IDisposable
    {
        private int _fd;

        internal FileLock(int fd) => _fd = fd;

        public void Dispose()
        {
            var fd = Interlocked.Exchange(ref _fd, -1);
            if (fd >= 0)
            {
                _ = Flock(fd, LockUn);
                _ = Close(fd);
            }
        }
    }
}
