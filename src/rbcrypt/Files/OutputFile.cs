using RuBackup.Client.Keys;

namespace RuBackup.Tools.Crypt.Files;

/// <summary>
/// The result of encrypt or decrypt, written under a temporary name in the target's folder, synced,
/// and renamed to the target only by <see cref="Commit"/>: a failure, a wrong key or an interrupt
/// leaves no output at all, and an existing file (the input itself, for the in-place transformation
/// the document's post-backup scripts need) is replaced in one step or not at all.
/// </summary>
public sealed class OutputFile : IDisposable
{
    private readonly string _target;
    private readonly bool _replace;
    private FileStream? _stream;
    private bool _committed;

    private OutputFile(string target, string temporary, bool replace, FileStream stream)
    {
        _target = target;
        Temporary = temporary;
        _replace = replace;
        _stream = stream;
    }

    public string Temporary { get; }

    public Stream Stream => _stream ?? throw new ObjectDisposedException(nameof(OutputFile));

    /// <summary>Prefix of every temporary name, so tests (and an operator) can spot leftovers.</summary>
    public static string TemporaryPrefix(string target) => $".{Path.GetFileName(target)}.rbcrypt-";

    /// <summary>
    /// Starts the output. <paramref name="replace"/> allows an existing target (--force, or output =
    /// input); otherwise an existing target is refused now and again at the rename, should one appear meanwhile.
    /// </summary>
    public static OutputFile Create(string target, bool replace)
    {
        var full = Path.GetFullPath(target);
        if (Directory.Exists(full))
        {
            throw new IOException($"{target}: is a folder; --out names the file to write");
        }
        if (!replace && File.Exists(full))
        {
            throw new IOException($"{target}: exists; give --force to replace it");
        }
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            throw new IOException($"{target}: folder {folder} does not exist");
        }
        var temporary = Path.Combine(folder, $"{TemporaryPrefix(full)}{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        // Owner only while it is written: decrypted backups are as private as the key.
        var stream = new FileStream(temporary, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            UnixCreateMode = SecretFile.OwnerOnly,
            BufferSize = 0,
        });
        return new OutputFile(full, temporary, replace, stream);
    }

    /// <summary>Syncs the data, gives it the target's name (keeping a replaced file's mode) and syncs the folder.</summary>
    public void Commit()
    {
        var stream = _stream ?? throw new ObjectDisposedException(nameof(OutputFile));
        stream.Flush(flushToDisk: true);
        stream.Dispose();
        _stream = null;
        if (_replace && File.Exists(_target))
        {
            File.SetUnixFileMode(Temporary, File.GetUnixFileMode(_target));
        }
        // Without replace, File.Move links and unlinks (falling back to a checked rename where links are
        // not supported): a target created meanwhile is never overwritten.
        File.Move(Temporary, _target, overwrite: _replace);
        _committed = true;
        PosixFiles.SyncFolder(Path.GetDirectoryName(_target)!);
    }

    public void Dispose()
    {
        _stream?.Dispose();
        _stream = null;
        if (!_committed)
        {
            File.Delete(Temporary);
        }
    }

    /// <summary>True when both names lead to one file (same path, or a symbolic link to it).</summary>
    public static bool SameFile(string first, string second)
    {
        static string Resolve(string path)
        {
            var full = Path.GetFullPath(path);
            return File.Exists(full) ? new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full : full;
        }
        return string.Equals(Resolve(first), Resolve(second), StringComparison.Ordinal);
    }
}
