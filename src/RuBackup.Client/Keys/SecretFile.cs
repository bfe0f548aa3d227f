using System.Globalization;

namespace RuBackup.Client.Keys;

/// <summary>Creating and checking files only their owner may read (keys, saved tokens).</summary>
public static class SecretFile
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                                              | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Makes the folder (0700) or tightens an existing one; returns true when it had to tighten it.</summary>
    public static bool EnsureFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder, OwnerOnlyFolder);
            return false;
        }
        var mode = File.GetUnixFileMode(folder);
        if ((mode & GroupOrOther) == 0)
        {
            return false;
        }
        File.SetUnixFileMode(folder, mode & ~GroupOrOther);
        return true;
    }

    /// <summary>
    /// Writes a new file with mode 0600 under a temporary name, syncs it, and links it to its final
    /// name only if that name is free: a crash leaves either no file or a whole one, and an existing
    /// file is never replaced. False when the file already existed (the content was not written).
    /// </summary>
    public static bool TryCreate(string path, ReadOnlySpan<byte> content)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = OwnerOnly,
            }))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            var created = PosixFiles.TryLink(temporary, path);
            if (created)
            {
                PosixFiles.SyncFolder(folder);
            }
            return created;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Overwrites (a saved token may be replaced) through a temporary file and rename; mode 0600.</summary>
    public static void Replace(string path, ReadOnlySpan<byte> content)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly }))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Null when only the owner may access the file; otherwise why not, with the fix.</summary>
    public static string? ExposureProblem(string path)
    {
        var mode = File.GetUnixFileMode(path);
        if ((mode & GroupOrOther) == 0)
        {
            return null;
        }
        var octal = Convert.ToString((int)mode, 8).PadLeft(4, '0');
        return string.Create(CultureInfo.InvariantCulture, $"{path}: mode {octal} lets other users read it; only its owner may (chmod 600 {path})");
    }
}
