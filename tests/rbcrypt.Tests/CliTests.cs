using System.Diagnostics;
using RuBackup.Client.Keys;
using RuBackup.Crypto;
using RuBackup.TestSupport;
using RuBackup.Tools.Crypt.Tests.Support;

namespace RuBackup.Tools.Crypt.Tests;

/// <summary>The built rbcrypt as a child process: what an operator or a post-backup script sees.</summary>
public sealed class CliTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task EncryptDecrypt_DefaultMasterKeyFromRoot_RijndaelRoundTrip()
    {
        KeyFiles.MasterKey(_folder.Path, 11);
        var input = _folder.Sub("disk.img");
        var plain = Suites.Data(11, (3 << 20) + 5);
        await File.WriteAllBytesAsync(input, plain);
        var encrypted = _folder.Sub("disk.img.rbc");
        var result = await RbCrypt.RunOkAsync(_folder.Path, "encrypt", "--in", input, "--out", encrypted);
        Assert.Contains("rijndael-256", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(CipherCatalog.Default.Code, (await File.ReadAllBytesAsync(encrypted))[9]);
        Assert.Equal(SecretFile.OwnerOnly, File.GetUnixFileMode(encrypted));
        var restored = _folder.Sub("restored.img");
        await RbCrypt.RunOkAsync(_folder.Path, "decrypt", "--in", encrypted, "--out", restored);
        Assert.Equal(plain, await File.ReadAllBytesAsync(restored));
    }

    [Fact]
    public async Task EncryptDecrypt_Threefish512WithKeygenKey_RoundTripAndOtherKeyRefused()
    {
        var key = _folder.Sub("threefish.key");
        var made = await RbCrypt.RunOkAsync(_folder.Path, "keygen", "--out", key, "--bits", "512");
        Assert.Contains("512-bit key", made.Stdout, StringComparison.Ordinal);
        Assert.Equal(64, new FileInfo(key).Length);
        Assert.Equal(SecretFile.OwnerOnly, File.GetUnixFileMode(key));

        var input = _folder.Sub("archive");
        var plain = Suites.Data(12, 200_000);
        await File.WriteAllBytesAsync(input, plain);
        var encrypted = _folder.Sub("archive.rbc");
        await RbCrypt.RunOkAsync(_folder.Path, "encrypt", "--in", input, "--out", encrypted, "--key", key, "--alg", "Threefish", "--bits", "512");
        Assert.Equal(0xD1, (await File.ReadAllBytesAsync(encrypted))[9]);
        var restored = _folder.Sub("restored");
        await RbCrypt.RunOkAsync(_folder.Path, "decrypt", "--in", encrypted, "--out", restored, "--key", key);
        Assert.Equal(plain, await File.ReadAllBytesAsync(restored));

        // The master key (another key) cannot open it: exit 1, one line, nothing written.
        KeyFiles.MasterKey(_folder.Path, 13);
        var refused = _folder.Sub("refused");
        var result = await RbCrypt.RunAsync(_folder.Path, "decrypt", "--in", encrypted, "--out", refused);
        CryptAssert.OneLineError(result, 1, "wrong key", "threefish-512");
        CryptAssert.NoOutput(refused);
    }

    [Fact]
    public async Task Decrypt_DamagedFile_Exit1OneLineNoOutput()
    {
        KeyFiles.MasterKey(_folder.Path, 14);
        var input = _folder.Sub("data");
        await File.WriteAllBytesAsync(input, Suites.Data(14, (2 << 20) + 3));
        var encrypted = _folder.Sub("data.rbc");
        await RbCrypt.RunOkAsync(_folder.Path, "encrypt", "--in", input, "--out", encrypted);
        var bytes = await File.ReadAllBytesAsync(encrypted);
        bytes[(1 << 20) + 4000] ^= 0x10;
        await File.WriteAllBytesAsync(encrypted, bytes);
        var output = _folder.Sub("data.out");
        var result = await RbCrypt.RunAsync(_folder.Path, "decrypt", "--in", encrypted, "--out", output);
        CryptAssert.OneLineError(result, 1, "damaged: segment 1");
        CryptAssert.NoOutput(output);
    }

    [Fact]
    public async Task Usage_MissingOption_Exit2OneLine()
    {
        var result = await RbCrypt.RunAsync(_folder.Path, "encrypt", "--in", _folder.Sub("x"));
        CryptAssert.OneLineError(result, 2, "--out");
        result = await RbCrypt.RunAsync(_folder.Path, "keygen", "--out", _folder.Sub("k"), "--bits", "384");
        CryptAssert.OneLineError(result, 2, "128, 256, 512 or 1024");
    }

    [Fact]
    public async Task List_ShowsEveryAlgorithmAndLengthOfTable1_DefaultMarked()
    {
        var result = await RbCrypt.RunOkAsync(_folder.Path, "list");
        foreach (var algorithm in CipherCatalog.Algorithms)
        {
            var line = result.Stdout.Split('\n').Single(l => l.TrimStart().StartsWith(algorithm + " ", StringComparison.Ordinal));
            var bits = string.Join(", ", CipherCatalog.KeyBitsOf(algorithm).Select(b => algorithm == "Rijndael" && b == 256 ? "256*" : $"{b}"));
            Assert.Contains(bits, line, StringComparison.Ordinal);
        }
        Assert.Contains("* default: Rijndael with a 256-bit key", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keygen_ExistingFile_RefusedAndKept()
    {
        var key = KeyFiles.Write(_folder.Sub("key"), Suites.Key(1));
        var result = await RbCrypt.RunAsync(_folder.Path, "keygen", "--out", key);
        CryptAssert.OneLineError(result, 2, key, "never overwrites");
        Assert.Equal(Suites.Key(1), await File.ReadAllBytesAsync(key));
    }

    /// <summary>The fixed key 00 01 02 ... 1f as hexdump prints it (checked against bsdextrautils' hexdump where installed).</summary>
    private const string CountingKeyDump =
        "0000000 0100 0302 0504 0706 0908 0b0a 0d0c 0f0e\n" +
        "0000010 1110 1312 1514 1716 1918 1b1a 1d1c 1f1e\n" +
        "0000020\n";

    [Fact]
    public async Task Hexdump_MasterKey_PrintsLikeHexdump()
    {
        var master = KeyFiles.Write(Path.Combine(_folder.Path, "keys", "master-key"), Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        var result = await RbCrypt.RunOkAsync(_folder.Path, "hexdump");
        Assert.Equal(CountingKeyDump, result.Stdout);
        if (File.Exists("/usr/bin/hexdump"))
        {
            Assert.Equal(await SystemHexdumpAsync(master), result.Stdout);
        }
    }

    [Theory]
    [InlineData(17)]
    [InlineData(48)]
    [InlineData(128)]
    public async Task Hexdump_OddAndRepeatingKeys_SameAsSystemHexdump(int length)
    {
        if (!File.Exists("/usr/bin/hexdump"))
        {
            return;
        }
        // Zero lines in the middle make hexdump squeeze them to "*".
        var key = new byte[length];
        Suites.Data(length, 16).CopyTo(key, 0);
        key[^1] = 0xa5;
        var path = KeyFiles.Write(_folder.Sub($"key{length}"), key);
        var result = await RbCrypt.RunOkAsync(_folder.Path, "hexdump", path);
        Assert.Equal(await SystemHexdumpAsync(path), result.Stdout);
    }

    [Fact]
    public async Task KeyFromHex_PrintoutInUpperCaseAndOddSpacing_GivesTheKeyBack()
    {
        var key = KeyFiles.Write(_folder.Sub("key"), Suites.Key(21, 64));
        var printout = (await RbCrypt.RunOkAsync(_folder.Path, "hexdump", key)).Stdout;
        var typed = "$ hexdump key\n\n" + string.Join("\n", printout.Split('\n').Select(l => "  " + l.ToUpperInvariant().Replace(" ", "   \t", StringComparison.Ordinal)));
        var paper = _folder.Sub("paper.txt");
        await File.WriteAllTextAsync(paper, typed);
        var back = _folder.Sub("key.back");
        await RbCrypt.RunOkAsync(_folder.Path, "keyfromhex", "--in", paper, "--out", back);
        Assert.Equal(await File.ReadAllBytesAsync(key), await File.ReadAllBytesAsync(back));
        Assert.Equal(SecretFile.OwnerOnly, File.GetUnixFileMode(back));

        // From standard input too, and never over an existing key.
        var again = await RbCrypt.RunWithInputAsync(_folder.Path, printout, "keyfromhex", "--in", "-", "--out", back);
        CryptAssert.OneLineError(again, 2, back, "never overwrites");
    }

    [Fact]
    public async Task KeyFromHex_DocumentsExampleWithTypo_RefusedAtLineAndColumn()
    {
        // The document's own example (its second line has "54as", not hex).
        var paper = _folder.Sub("document.txt");
        await File.WriteAllTextAsync(paper,
            "$ hexdump /opt/rubackup/keys/master-key\n" +
            "0000000 79d1 4749 7335 e387 9f74 c67e 55a7 20ff\n" +
            "0000010 6284 54as 83a3 2053 4818 e183 1528 a343\n" +
            "0000020\n");
        var output = _folder.Sub("master-key");
        var result = await RbCrypt.RunAsync(_folder.Path, "keyfromhex", "--in", paper, "--out", output);
        CryptAssert.OneLineError(result, 2, paper, "line 3, column 14", "'54as'");
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task KeyFromHex_FinalOffsetDiffersFromLength_Refused()
    {
        var paper = _folder.Sub("short.txt");
        await File.WriteAllTextAsync(paper, "0000000 0100 0302 0504 0706 0908 0b0a 0d0c 0f0e\n0000020\n");
        var result = await RbCrypt.RunAsync(_folder.Path, "keyfromhex", "--in", paper, "--out", _folder.Sub("k"));
        CryptAssert.OneLineError(result, 2, "line 2, column 1", "final offset");
    }

    [Fact]
    public async Task Encrypt_Terminated_LeavesNoOutputOrTemporary()
    {
        KeyFiles.MasterKey(_folder.Path, 31);
        // Sparse and large, with a slow cipher: the run is still going when the signal comes.
        var input = _folder.Sub("big.img");
        await using (var stream = File.Create(input))
        {
            stream.SetLength(8L << 30);
        }
        var output = _folder.Sub("big.img.rbc");
        using var process = RbCrypt.Start(_folder.Path, "encrypt", "--in", input, "--out", output, "--alg", "mars");
        var started = Stopwatch.StartNew();
        while (!Directory.EnumerateFiles(_folder.Path, Files.OutputFile.TemporaryPrefix(output) + "*").Any(f => new FileInfo(f).Length > 0))
        {
            Assert.True(started.Elapsed < TimeSpan.FromMinutes(1), "rbcrypt never started writing");
            Assert.False(process.HasExited, "rbcrypt ended before it was interrupted");
            await Task.Delay(50);
        }
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
        {
            await kill.WaitForExitAsync();
        }
        var result = await RbCrypt.CollectAsync(process);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("rbcrypt: interrupted", result.Stderr, StringComparison.Ordinal);
        CryptAssert.NoOutput(output);
    }

    private static async Task<string> SystemHexdumpAsync(string path)
    {
        var info = new ProcessStartInfo("/usr/bin/hexdump") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(path);
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }
}
