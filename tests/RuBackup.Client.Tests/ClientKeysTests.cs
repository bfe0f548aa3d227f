using System.Security.Cryptography;
using RuBackup.Client.Keys;

namespace RuBackup.Client.Tests;

public sealed class ClientKeysTests
{
    [Fact]
    public void LoadOrCreate_FirstStart_CreatesKeysWithOwnerOnlyModes()
    {
        using var root = new TestRoot();
        var reported = new List<string>();

        using var keys = ClientKeys.LoadOrCreate(root.Paths, reported.Add);

        Assert.Equal(32, new FileInfo(root.Paths.MasterKey).Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(root.Paths.MasterKey));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(root.Paths.SigningKey));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(root.Paths.KeysFolder));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(root.Paths.SigningKey), StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", File.ReadAllText(root.Paths.PublicKey), StringComparison.Ordinal);
        Assert.Contains(reported, r => r.Contains("created the master key", StringComparison.Ordinal));
        Assert.Contains(reported, r => r.Contains("created the signing key pair", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(root.Paths.KeysFolder, "*.tmp"));
    }

    [Fact]
    public void LoadOrCreate_SecondStart_NeverOverwritesKeys()
    {
        using var root = new TestRoot();
        string publicKey;
        using (var first = ClientKeys.LoadOrCreate(root.Paths))
        {
            publicKey = first.PublicKey;
        }
        var master = File.ReadAllBytes(root.Paths.MasterKey);
        var signing = File.ReadAllText(root.Paths.SigningKey);
        var reported = new List<string>();

        using var second = ClientKeys.LoadOrCreate(root.Paths, reported.Add);

        Assert.Equal(master, File.ReadAllBytes(root.Paths.MasterKey));
        Assert.Equal(signing, File.ReadAllText(root.Paths.SigningKey));
        Assert.Equal(publicKey, second.PublicKey);
        Assert.Empty(reported);
    }

    [Fact]
    public void LoadOrCreate_ExistingMasterKey_KeptAsIs()
    {
        using var root = new TestRoot();
        Directory.CreateDirectory(root.Paths.KeysFolder);
        var mine = RandomNumberGenerator.GetBytes(32);
        File.WriteAllBytes(root.Paths.MasterKey, mine);
        File.SetUnixFileMode(root.Paths.MasterKey, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        using var keys = ClientKeys.LoadOrCreate(root.Paths);

        Assert.Equal(mine, File.ReadAllBytes(root.Paths.MasterKey));
    }

    [Fact]
    public void LoadOrCreate_MasterKeyOfWrongSize_RefusedAndKept()
    {
        using var root = new TestRoot();
        Directory.CreateDirectory(root.Paths.KeysFolder);
        File.WriteAllBytes(root.Paths.MasterKey, new byte[31]);
        File.SetUnixFileMode(root.Paths.MasterKey, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var error = Assert.Throws<KeyFileException>(() => ClientKeys.LoadOrCreate(root.Paths));

        Assert.Equal($"refusing to start: master key {root.Paths.MasterKey}: 31 bytes, a master key is exactly 32; put back the original file (archives encrypted with it cannot be read without it)", error.Message);
        Assert.Equal(31, new FileInfo(root.Paths.MasterKey).Length);
    }

    [Fact]
    public void LoadOrCreate_MasterKeyReadableByOthers_Refused()
    {
        using var root = new TestRoot();
        using (ClientKeys.LoadOrCreate(root.Paths))
        {
        }
        File.SetUnixFileMode(root.Paths.MasterKey, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var error = Assert.Throws<KeyFileException>(() => ClientKeys.LoadOrCreate(root.Paths));

        Assert.Equal($"refusing to start: master key {root.Paths.MasterKey}: mode 0644 lets other users read it; only its owner may (chmod 600 {root.Paths.MasterKey})", error.Message);
    }

    [Fact]
    public void LoadOrCreate_KeysFolderOpenToOthers_TightenedTo0700()
    {
        using var root = new TestRoot();
        Directory.CreateDirectory(root.Paths.KeysFolder);
        File.SetUnixFileMode(root.Paths.KeysFolder, (UnixFileMode)0b111_101_101);
        var reported = new List<string>();

        using var keys = ClientKeys.LoadOrCreate(root.Paths, reported.Add);

        Assert.Equal((UnixFileMode)0b111_000_000, File.GetUnixFileMode(root.Paths.KeysFolder));
        Assert.Contains(reported, r => r.Contains("its mode is now 0700", StringComparison.Ordinal));
    }

    [Fact]
    public void LoadOrCreate_SigningKeyNotPem_Refused()
    {
        using var root = new TestRoot();
        using (ClientKeys.LoadOrCreate(root.Paths))
        {
        }
        File.WriteAllText(root.Paths.SigningKey, "garbage");

        var error = Assert.Throws<KeyFileException>(() => ClientKeys.LoadOrCreate(root.Paths));

        Assert.StartsWith($"{root.Paths.SigningKey}: not a PKCS#8 PEM ECDSA P-256 private key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoKeysYet_TellsToStartTheDaemon()
    {
        using var root = new TestRoot();

        var error = Assert.Throws<KeyFileException>(() => ClientKeys.Load(root.Paths));

        Assert.Equal($"{root.Paths.MasterKey}: missing; start rubackup-client once on this machine to create the client's keys", error.Message);
    }

    [Fact]
    public void Sign_Nonce_VerifiesWithThePublicKeyFile()
    {
        using var root = new TestRoot();
        using var keys = ClientKeys.LoadOrCreate(root.Paths);
        const string nonce = "bm9uY2UtMTIz";

        var signature = keys.Sign(nonce);

        using var verifier = ECDsa.Create();
        verifier.ImportFromPem(File.ReadAllText(root.Paths.PublicKey));
        Assert.Equal(64, Convert.FromBase64String(signature).Length);
        Assert.True(verifier.VerifyData(System.Text.Encoding.UTF8.GetBytes(nonce), Convert.FromBase64String(signature), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        Assert.True(ClientKeys.Verify(keys.PublicKey, nonce, signature));
        Assert.False(ClientKeys.Verify(keys.PublicKey, nonce + "x", signature));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(verifier.ExportSubjectPublicKeyInfo())), keys.Fingerprint);
    }
}
