using RuBackup.Client.Keys;

namespace RuBackup.Tools.Crypt.Tests.Support;

/// <summary>Key files as the client and keygen leave them: owner-only.</summary>
public static class KeyFiles
{
    public static string Write(string path, byte[] key)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, key);
        File.SetUnixFileMode(path, SecretFile.OwnerOnly);
        return path;
    }

    /// <summary>$ROOT/keys/master-key, 32 bytes, as rubackup-client creates it.</summary>
    public static string MasterKey(string root, byte seed) => Write(Path.Combine(root, "keys", "master-key"), Suites.Key(seed));
}
