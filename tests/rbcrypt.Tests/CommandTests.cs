using RuBackup.TestSupport;
using RuBackup.Tools.Crypt.Format;
using RuBackup.Tools.Crypt.Tests.Support;

namespace RuBackup.Tools.Crypt.Tests;

/// <summary>
/// encrypt and decrypt in-process on real files (1 MiB segments): every refusal is one line with the
/// right exit code and leaves neither the output nor a temporary file.
/// </summary>
public sealed class CommandTests : IDisposable
{
    private const int MiB = 1 << 20;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("rijndael-256")]
    [InlineData("threefish-1024")]
    [InlineData("kuznyechik-256")]
    public async Task Decrypt_DamagedTruncatedAppendedOrSwapped_Exit1WithoutOutput(string label)
    {
        var suite = Suites.Get(label);
        KeyFiles.MasterKey(_folder.Path, 1);
        var plain = Suites.Data(8, (2 * MiB) + 100);
        var encrypted = await EncryptAsync(plain, "--alg", suite.Algorithm, "--bits", $"{suite.KeyBits}");
        var file = await File.ReadAllBytesAsync(encrypted);
        var prefix = SegmentedFile.PrefixBytes(suite);
        var full = CryptHeader.DefaultSegmentBytes + suite.BlockBytes + 32;

        var cases = new Dictionary<string, byte[]>
        {
            ["header"] = Flip(file, 20),
            ["key check"] = Flip(file, prefix - 1),
            ["segment 1"] = Flip(file, prefix + full + 1000),
            ["last tag"] = Flip(file, file.Length - 1),
            ["truncated"] = file[..(prefix + (2 * full))],
            ["appended"] = [.. file, .. file[prefix..(prefix + full)]],
            ["swapped"] = [.. file[..prefix], .. file[(prefix + full)..(prefix + (2 * full))], .. file[prefix..(prefix + full)], .. file[(prefix + (2 * full))..]],
        };
        foreach (var (name, bytes) in cases)
        {
            var damaged = _folder.Sub($"damaged-{name.Replace(' ', '-')}.rbc");
            await File.WriteAllBytesAsync(damaged, bytes);
            var output = _folder.Sub($"out-{name.Replace(' ', '-')}");
            var result = await RbCrypt.InProcessAsync(_folder.Path, "decrypt", "--in", damaged, "--out", output);
            CryptAssert.OneLineError(result, CryptTool.ExitNotAuthentic, damaged);
            CryptAssert.NoOutput(output);
        }
    }

    [Fact]
    public async Task Decrypt_WrongKey_Exit1NamesWrongKeyWithoutOutput()
    {
        KeyFiles.MasterKey(_folder.Path, 1);
        var encrypted = await EncryptAsync(Suites.Data(1, 5000));
        var other = KeyFiles.Write(_folder.Sub("other.key"), Suites.Key(2));
        var output = _folder.Sub("plain");
        var result = await RbCrypt.InProcessAsync(_folder.Path, "decrypt", "--in", encrypted, "--out", output, "--key", other);
        CryptAssert.OneLineError(result, CryptTool.ExitNotAuthentic, "wrong key", "rijndael-256");
        CryptAssert.NoOutput(output);
    }

    [Fact]
    public async Task Decrypt_AlgOrBitsDifferentFromFile_Exit2NamesBoth()
    {
        KeyFiles.MasterKey(_folder.Path, 1);
        var encrypted = await EncryptAsync(Suites.Data(1, 5000), "--alg", "kalyna", "--bits", "512");
        var output = _folder.Sub("plain");
        var result = await RbCrypt.InProcessAsync(_folder.Path, "decrypt", "--in", encrypted, "--out", output, "--alg", "Kuznyechik");
        CryptAssert.OneLineError(result, 2, "kalyna-512", "kuznyechik-512");
        CryptAssert.NoOutput(output);
        result = await RbCrypt.InProcessAsync(_folder.Path, "decrypt", "--in", encrypted, "--out", output, "--bits", "256");
        CryptAssert.OneLineError(result, 2, "kalyna-512", "kalyna-256");
        CryptAssert.NoOutput(output);
        // The file's own suite, given explicitly in another case, is accepted.
        result = await RbCrypt.InProcessAsync(_folder.Path, "decrypt", "--in", encrypted, "--out", output, "--alg", "KALYNA", "--bits", "512");
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Theory]
    [InlineData("--alg", "blowfish", "unknown algorithm")]
    [InlineData("--bits", "512", "Rijndael takes 128 or 256-bit keys")]
    public async Task Encrypt_AlgorithmOrLengthNotInTable_Exit2WithoutOutput(string option, string value, string mention)
    {
        KeyFiles.MasterKey(_folder.Path, 1);
        var input = _folder.Sub("plain");
        await File.WriteAllBytesAsync(input, Suites.Data(1, 10));
        var output = _folder.Sub("out.rbc");
        var result = await RbCrypt.InProcessAsync(_folder.Path, "encrypt", "--in", input, "--out", output, option, value);
        CryptAssert.OneLineError(result, 2, mention);
        CryptAssert.NoOutput(output);
    }

    [Fact]
    public async Task Encrypt_SimonWithoutBits_Takes128()
    {
        KeyFiles.MasterKey(_folder.Path, 1);
        var encrypted = await EncryptAsync(Suites.Data(1, 100), "--alg", "simon");
        Assert.Equal(0xA0, (await File.ReadAllBytesAsync(encrypted))[9]);
    }

    [Fact]
    public async Task Encrypt_ExistingOutput_RefusedUnlessForce()
    {
        KeyFiles.MasterKey(_folder.Path, 1);
        var input = _folder.Sub("plain");
        await File.WriteAllBytesAsync(input, Suites.Data(1, 1000));
        var output = _folder.Sub("out.rbc");
        await File.WriteAllTextAsync(output, "keep me");
        var result = await RbCrypt.InProcessAsync(_folder.Path, "encrypt", "--in", input, "--out", output);
        CryptAssert.OneLineError(result, 2, output, "--force");
        Assert.Equal("keep me", await File.ReadAllTextAsync(output));
        result = await RbCrypt.InProcessAsync(_folder.Path, "encrypt", "--in", input, "--out", output, "--force");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(CryptHeader.Magic.ToArray(), (await File.ReadAllBytesAsync(output))[..8]);
    }

    [Fact]
    public async Task EncryptDecrypt_InPlace_KeepsNameAndModeAndRoundTrips()
    {
        KeyFiles.MasterKey(_folder.Path, 1);
        var archive = _folder.Sub("archive.tar");
        var plain = Suites.Data(3, MiB + 7);
        await File.WriteAllBytesAsync(archive, plain);
        File.SetUnixFileMode(archive, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var result = await RbCrypt.InProcessAsync(_folder.Path, "encrypt", "--in", archive, "--out", archive, "--alg", "threefish", "--bits", "1024");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(0xD2, (await File.ReadAllBytesAsync(archive))[9]);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(archive));
        result = await RbCrypt.InProcessAsync(_folder.Path, "decrypt", "--in", archive, "--out", archive);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(plain, await File.ReadAllBytesAsync(archive));
        Assert.Single(Directory.EnumerateFiles(_folder.Path));
    }

    [Fact]
    public async Task Encrypt_MissingMasterKey_Exit2NamesItWithoutOutput()
    {
        var input = _folder.Sub("plain");
        await File.WriteAllBytesAsync(input, Suites.Data(1, 10));
        var output = _folder.Sub("out.rbc");
        var result = await RbCrypt.InProcessAsync(_folder.Path, "encrypt", "--in", input, "--out", output);
        CryptAssert.OneLineError(result, 2, Path.Combine(_folder.Path, "keys", "master-key"), "missing");
        CryptAssert.NoOutput(output);
    }

    [Theory]
    [InlineData(15)]
    [InlineData(129)]
    public async Task Encrypt_KeyFileOutOfRange_Exit2(int length)
    {
        var key = KeyFiles.Write(_folder.Sub("short.key"), Suites.Key(1, length));
        var input = _folder.Sub("plain");
        await File.WriteAllBytesAsync(input, Suites.Data(1, 10));
        var output = _folder.Sub("out.rbc");
        var result = await RbCrypt.InProcessAsync(_folder.Path, "encrypt", "--in", input, "--out", output, "--key", key);
        CryptAssert.OneLineError(result, 2, key, "16 to 128 bytes");
        CryptAssert.NoOutput(output);
    }

    [Fact]
    public async Task Encrypt_KeyReadableByOthers_Refused()
    {
        var key = KeyFiles.Write(_folder.Sub("open.key"), Suites.Key(1));
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var input = _folder.Sub("plain");
        await File.WriteAllBytesAsync(input, Suites.Data(1, 10));
        var result = await RbCrypt.InProcessAsync(_folder.Path, "encrypt", "--in", input, "--out", _folder.Sub("out.rbc"), "--key", key);
        CryptAssert.OneLineError(result, 2, "chmod 600");
    }

    private async Task<string> EncryptAsync(byte[] plain, params string[] options)
    {
        var input = _folder.Sub($"plain-{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(input, plain);
        var output = input + ".rbc";
        var result = await RbCrypt.InProcessAsync(_folder.Path, ["encrypt", "--in", input, "--out", output, .. options]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return output;
    }

    private static byte[] Flip(byte[] file, int position)
    {
        var copy = (byte[])file.Clone();
        copy[position] ^= 0x80;
        return copy;
    }
}
