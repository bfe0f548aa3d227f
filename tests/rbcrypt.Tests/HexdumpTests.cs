using RuBackup.Tools.Crypt.Keys;
using RuBackup.Tools.Crypt.Tests.Support;

namespace RuBackup.Tools.Crypt.Tests;

/// <summary>The paper copy: hexdump's default format out, and back in as typed.</summary>
public class HexdumpTests
{
    [Fact]
    public void Format_DocumentsExampleKey_PrintsTheDocumentsLines()
    {
        // The document's example with its typo "54as" replaced by "54a5".
        var key = HexdumpParser.Parse(
            "0000000 79d1 4749 7335 e387 9f74 c67e 55a7 20ff\n" +
            "0000010 6284 54a5 83a3 2053 4818 e183 1528 a343\n" +
            "0000020\n");
        Assert.Equal(32, key.Length);
        Assert.Equal([0xd1, 0x79, 0x49, 0x47], key[..4]);
        Assert.Equal(
            "0000000 79d1 4749 7335 e387 9f74 c67e 55a7 20ff\n" +
            "0000010 6284 54a5 83a3 2053 4818 e183 1528 a343\n" +
            "0000020\n",
            HexdumpFormat.Format(key));
    }

    [Fact]
    public void Format_OddLengthAndRepeatedLines_PadsAndSqueezesLikeHexdump()
    {
        var key = new byte[53];
        key[0] = 0x01;
        key[52] = 0xc4;
        Assert.Equal(
            "0000000 0001 0000 0000 0000 0000 0000 0000 0000\n" +
            "0000010 0000 0000 0000 0000 0000 0000 0000 0000\n" +
            "*\n" +
            "0000030 0000 0000 00c4                         \n" +
            "0000035\n",
            HexdumpFormat.Format(key));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(31)]
    [InlineData(64)]
    [InlineData(127)]
    [InlineData(128)]
    public void Parse_FormatOfAnyKeyLength_GivesTheKeyBack(int length)
    {
        foreach (var key in new[] { Suites.Data(length, length), new byte[length] })
        {
            Assert.Equal(key, HexdumpParser.Parse(HexdumpFormat.Format(key)));
        }
    }

    [Theory]
    [InlineData("0000000 0100 0302 0504 0706 0908 0b0a 0d0c 0f0e\n", "line 2, column 1", "final offset line")]
    [InlineData("0000000 0100 0302 0504 0706 0908 0b0a 0d0c 0f0e\n0000011 1110\n0000012\n", "line 2, column 1", "should be 0000010")]
    [InlineData("0000000 0100 0302 0504 0706 0908 0b0a 0d0c 0f0e 1110\n0000012\n", "line 1, column 49", "more than 8 words")]
    [InlineData("0000000 0100 0302 0504 0706 0908 0b0a 0d0c 0f0\n0000010\n", "line 1, column 44", "'0f0'")]
    [InlineData("0000000 0100 0302\n0000004 0504\n0000006\n", "line 2, column 1", "short line")]
    [InlineData("0000000 0100 0302 0504 0706 0908 0b0a 0d0c 0f0e\n0000010\nextra\n", "line 3, column 1", "after the final offset")]
    [InlineData("0000000 0100 0302 0504 0706 0908 0b0a 0d0c 0f0e\n*\n0000018\n", "line 3, column 1", "cannot follow")]
    [InlineData("0000000 0100 0302 0504 0706 0908 0b0a 0d0c 0f0e\n000000f\n", "line 2, column 1", "does not match")]
    public void Parse_MalformedPrintout_RefusedAtLineAndColumn(string text, string place, string mention)
    {
        var message = Assert.Throws<FormatException>(() => HexdumpParser.Parse(text)).Message;
        Assert.StartsWith(place + ":", message, StringComparison.Ordinal);
        Assert.Contains(mention, message, StringComparison.Ordinal);
    }
}
