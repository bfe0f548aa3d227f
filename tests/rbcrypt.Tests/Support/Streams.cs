using RuBackup.Crypto;
using RuBackup.Tools.Crypt.Format;

namespace RuBackup.Tools.Crypt.Tests.Support;

/// <summary>The file format in memory: what encrypt writes and decrypt reads, without the command around it.</summary>
public static class Streams
{
    public static byte[] Encrypt(CipherSuite suite, byte[] key, byte[] plain, int segmentBytes)
    {
        using var cipher = AuthenticatedCipher.Create(suite, key);
        using var output = new MemoryStream();
        SegmentedFile.Encrypt(new MemoryStream(plain), output, cipher, segmentBytes, CancellationToken.None);
        return output.ToArray();
    }

    /// <summary>Decrypts as the command does (suite from the header); throws <see cref="CryptFileException"/> when not authentic.</summary>
    public static byte[] Decrypt(byte[] key, byte[] file, Stream? sink = null)
    {
        var input = new MemoryStream(file);
        var header = CryptHeader.Read(input, "test.rbc");
        using var cipher = AuthenticatedCipher.Create(header.Suite, key);
        SegmentedFile.CheckKey(header, input, cipher, "test.rbc");
        var output = sink ?? new MemoryStream();
        SegmentedFile.Decrypt(header, input, output, cipher, "test.rbc", CancellationToken.None);
        return output is MemoryStream memory ? memory.ToArray() : [];
    }
}
