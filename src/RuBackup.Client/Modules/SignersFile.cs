using System.Text;
using RuBackup.Api;

namespace RuBackup.Client.Modules;

/// <summary>
/// The client keys a restore task carries (<see cref="TaskAssignment.Signers"/>), written for the
/// module's `--signers` in the repository's trusted-signers format (docs/format.md "Signatures"):
/// one `FINGERPRINT authorized|revoked CLIENT` line per key. Clients never authorized are left out,
/// so an archive signed by such a key is unknown and refused. The file is 0600 in a folder of its own
/// (0700) under the temp folder, and the folder is removed when the task's module has exited.
/// </summary>
public sealed class SignersFile : IDisposable
{
    public const string FileName = "signers";

    private readonly string _folder;

    private SignersFile(string folder)
    {
        _folder = folder;
        Path = System.IO.Path.Combine(folder, FileName);
    }

    public string Path { get; }

    /// <summary>Null when the task is not a restore or the server sent no keys (the module then reports signatures unchecked).</summary>
    public static SignersFile? Write(TaskAssignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        if (assignment.Task.Kind != TaskKind.Restore || assignment.Signers is not { } signers)
        {
            return null;
        }
        string folder;
        try
        {
            // CreateTempSubdirectory makes the folder 0700: only this user can reach the file.
            folder = Directory.CreateTempSubdirectory("rubackup-signers-").FullName;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TaskSetupException($"task {assignment.Task.Id}: cannot create a folder for the signers file: {e.Message}", e);
        }
        var file = new SignersFile(folder);
        try
        {
            using var stream = new FileStream(file.Path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
            stream.Write(Encoding.UTF8.GetBytes(Text(signers)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            file.Dispose();
            throw new TaskSetupException($"task {assignment.Task.Id}: cannot write the signers file {file.Path}: {e.Message}", e);
        }
        return file;
    }

    /// <summary>The file's content: authorized and revoked keys, ordered by client; unauthorized ones skipped.</summary>
    public static string Text(IEnumerable<SignerEntry> signers)
    {
        ArgumentNullException.ThrowIfNull(signers);
        var text = new StringBuilder("# RuBackup trusted signers: FINGERPRINT authorized|revoked CLIENT\n");
        foreach (var signer in signers.Where(s => s.Status != ClientStatus.Unauthorized).OrderBy(s => s.Client, StringComparer.Ordinal).ThenBy(s => s.Fingerprint, StringComparer.Ordinal))
        {
            var state = signer.Status == ClientStatus.Revoked ? "revoked" : "authorized";
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{signer.Fingerprint.ToLowerInvariant()} {state} {signer.Client}\n");
        }
        return text.ToString();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Already gone, or not removable: fingerprints and client names are not secret, and a
            // leftover in the temp folder is never read again (each task writes its own).
        }
    }
}
