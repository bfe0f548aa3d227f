using System.Runtime.InteropServices;

namespace RuBackup.Client.Keys;

/// <summary>
/// The two POSIX calls .NET does not expose: link(2), which fails when the name exists (so a key is
/// never overwritten, even by a racing second start), and fsync of a folder (so a created key
/// survives a crash that follows).
/// </summary>
internal static partial class PosixFiles
{
    private const int OpenReadOnly = 0;
    private const int OpenDirectory = 0x10000;
    private const int Eexist = 17;

    /// <summary>Gives <paramref name="source"/> the name <paramref name="target"/>; false when the target already exists.</summary>
    public static bool TryLink(string source, string target)
    {
        if (link(source, target) == 0)
        {
            return true;
        }
        var error = Marshal.GetLastPInvokeError();
        if (error == Eexist)
        {
            return false;
        }
        throw new IOException($"{target}: cannot create: {Marshal.GetPInvokeErrorMessage(error)}");
    }

    public static void SyncFolder(string folder)
    {
        var fd = open(folder, OpenReadOnly | OpenDirectory);
        if (fd < 0)
        {
            return;
        }
        try
        {
            _ = fsync(fd);
        }
        finally
        {
            _ = close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int link(string oldpath, string newpath);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int close(int fd);
}
