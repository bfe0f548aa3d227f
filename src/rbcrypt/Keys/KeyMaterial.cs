using System.Globalization;
using RuBackup.Client.Config;
using RuBackup.Client.Keys;
using RuBackup.Crypto;

namespace RuBackup.Tools.Crypt.Keys;

/// <summary>
/// The bytes rbcrypt derives its keys from: the client's master key ($RUBACKUP_ROOT/keys/master-key)
/// by default, or a key file of 16 to 128 bytes (rbcrypt keygen --bits 128..1024). They are never used
/// raw: <see cref="CipherKeys"/> derives each suite's keys from them.
/// </summary>
public static class KeyMaterial
{
    public const int MinBytes = CipherKeys.MinimumMaterialBytes;

    /// <summary>A 1024-bit key file, Threefish-1024's full key.</summary>
    public const int MaxBytes = 128;

    /// <summary>What keygen writes: the key lengths of Table 1.</summary>
    public static readonly IReadOnlyList<int> KeygenBits = [128, 256, 512, 1024];

    /// <summary>The key file's path: <paramref name="keyOption"/>, else the client's master key.</summary>
    public static string PathOf(string? keyOption, ClientPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return keyOption ?? paths.MasterKey;
    }

    /// <summary>Reads and checks a key file; every problem is one line naming the file, never its content.</summary>
    public static byte[] Load(string path, bool isMasterKey)
    {
        if (Directory.Exists(path))
        {
            throw new KeyFileException($"key {path}: is a folder, not a key file");
        }
        if (!File.Exists(path))
        {
            throw new KeyFileException(isMasterKey
                ? $"master key {path}: missing; rubackup-client creates it when it first starts on this machine, or name another key file"
                : $"key {path}: no such file");
        }
        if (SecretFile.ExposureProblem(path) is { } problem)
        {
            throw new KeyFileException($"refusing the key {problem}");
        }
        var length = new FileInfo(path).Length;
        if (length is < MinBytes or > MaxBytes)
        {
            throw new KeyFileException(string.Create(CultureInfo.InvariantCulture,
                $"key {path}: {length} bytes; a key file has {MinBytes} to {MaxBytes} bytes (rbcrypt keygen makes one)"));
        }
        return File.ReadAllBytes(path);
    }
}
