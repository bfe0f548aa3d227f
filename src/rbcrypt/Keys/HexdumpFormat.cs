using System.Globalization;
using System.Text;

namespace RuBackup.Tools.Crypt.Keys;

/// <summary>
/// The output of `hexdump FILE` with no options (BSD hexdump's default format, as util-linux's
/// bsdextrautils prints it), which the document recommends for the master key's paper copy: per 16
/// bytes a 7-digit hex offset and eight 16-bit little-endian words of 4 hex digits; a short last line
/// padded with spaces to the full width, an odd last byte as a word with a zero high byte; a line
/// equal to the one before shown once as "*"; then the length as a final offset line. An empty file
/// prints nothing.
/// </summary>
public static class HexdumpFormat
{
    public const int LineBytes = 16;

    /// <summary>"0000000" plus eight " xxxx".</summary>
    public const int LineWidth = 7 + (8 * 5);

    public static string Format(ReadOnlySpan<byte> data)
    {
        var text = new StringBuilder();
        var squeezing = false;
        for (var offset = 0; offset < data.Length; offset += LineBytes)
        {
            var line = data.Slice(offset, Math.Min(LineBytes, data.Length - offset));
            if (offset > 0 && line.Length == LineBytes && line.SequenceEqual(data.Slice(offset - LineBytes, LineBytes)))
            {
                if (!squeezing)
                {
                    text.Append("*\n");
                    squeezing = true;
                }
                continue;
            }
            squeezing = false;
            var start = text.Length;
            text.Append(Offset(offset));
            for (var i = 0; i < line.Length; i += 2)
            {
                var word = line[i] | (i + 1 < line.Length ? line[i + 1] << 8 : 0);
                text.Append(' ').Append(word.ToString("x4", CultureInfo.InvariantCulture));
            }
            if (line.Length < LineBytes)
            {
                text.Append(' ', LineWidth - (text.Length - start));
            }
            text.Append('\n');
        }
        if (data.Length > 0)
        {
            text.Append(Offset(data.Length)).Append('\n');
        }
        return text.ToString();
    }

    private static string Offset(int offset) => offset.ToString("x7", CultureInfo.InvariantCulture);
}
