using System.Globalization;
using RuBackup.Client.Config;

namespace RuBackup.Client.Auth;

/// <summary>
/// $ROOT/var/client.id: the id the server gave this client's key. The daemon writes it after each
/// registration; the tools read it to ask for a token without registering (which would overwrite the
/// daemon's view of the modules).
/// </summary>
public static class ClientIdFile
{
    public static long Read(ClientPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        string text;
        try
        {
            text = File.ReadAllText(paths.ClientIdFile).Trim();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidOperationException($"{paths.ClientIdFile}: missing; this client has not registered yet (start rubackup-client first)", e);
        }
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
        {
            throw new InvalidOperationException($"{paths.ClientIdFile}: '{text}' is not a client id; restart rubackup-client to register again");
        }
        return id;
    }

    public static void Write(ClientPaths paths, long id)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var folder = Path.GetDirectoryName(paths.ClientIdFile)!;
        Directory.CreateDirectory(folder);
        var temporary = paths.ClientIdFile + ".tmp";
        File.WriteAllText(temporary, id.ToString(CultureInfo.InvariantCulture) + "\n");
        File.Move(temporary, paths.ClientIdFile, overwrite: true);
    }
}
