using System.Globalization;

namespace RuBackup.Tools.Crypt.Keys;

/// <summary>
/// Reads a <see cref="HexdumpFormat"/> printout back, as typed from paper: any spacing, upper or
/// lower case, blank lines and a "$ hexdump ..." prompt line are fine; "*" repeats the line before
/// up to the next offset; the final offset line must equal the length. Anything else is refused with
/// its line and column, so a typing slip is found at once.
/// </summary>
public static class HexdumpParser
{
    /// <summary>Bytes of key material at most (a 1024-bit key); a printout claiming more is not a key.</summary>
    public const int MaxBytes = KeyMaterial.MaxBytes;

    public static byte[] Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var data = new List<byte>();
        byte[]? previousLine = null;
        var afterStar = false;
        var lastLineShort = false;
        int? length = null;
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var number = 1; number <= lines.Length; number++)
        {
            var line = lines[number - 1];
            var tokens = Tokens(line);
            if (tokens.Count == 0 || tokens[0].Text.StartsWith('$'))
            {
                continue;
            }
            if (length is not null)
            {
                throw Error(number, tokens[0].Column, "text after the final offset line");
            }
            if (tokens[0].Text == "*")
            {
                if (tokens.Count > 1)
                {
                    throw Error(number, tokens[1].Column, "\"*\" stands alone on its line");
                }
                if (previousLine is null || previousLine.Length != HexdumpFormat.LineBytes || afterStar)
                {
                    throw Error(number, tokens[0].Column, "\"*\" must follow a full line of 8 words");
                }
                afterStar = true;
                continue;
            }
            var offset = ParseOffset(tokens[0], number);
            if (afterStar)
            {
                if (offset <= data.Count || (offset - data.Count) % HexdumpFormat.LineBytes != 0 || offset > MaxBytes + 1)
                {
                    throw Error(number, tokens[0].Column, string.Create(CultureInfo.InvariantCulture,
                        $"offset {tokens[0].Text} cannot follow \"*\" after offset {data.Count:x7}"));
                }
                while (data.Count < offset)
                {
                    data.AddRange(previousLine!);
                }
                afterStar = false;
            }
            if (tokens.Count == 1)
            {
                length = FinalLength(data, offset, tokens[0], number);
                continue;
            }
            if (lastLineShort)
            {
                throw Error(number, tokens[0].Column, "a line follows a short line; only the last line may have fewer than 8 words");
            }
            if (offset != data.Count)
            {
                throw Error(number, tokens[0].Column, string.Create(CultureInfo.InvariantCulture,
                    $"offset {tokens[0].Text} should be {data.Count:x7} (a line missing or typed twice?)"));
            }
            if (tokens.Count > 9)
            {
                throw Error(number, tokens[9].Column, "more than 8 words on the line");
            }
            var bytes = new byte[(tokens.Count - 1) * 2];
            for (var i = 1; i < tokens.Count; i++)
            {
                var word = ParseWord(tokens[i], number);
                bytes[(i - 1) * 2] = (byte)word;
                bytes[((i - 1) * 2) + 1] = (byte)(word >> 8);
            }
            if (data.Count + bytes.Length > MaxBytes + 1)
            {
                throw Error(number, tokens[0].Column, string.Create(CultureInfo.InvariantCulture, $"more than {MaxBytes} bytes: not a key printout"));
            }
            data.AddRange(bytes);
            previousLine = bytes;
            lastLineShort = bytes.Length < HexdumpFormat.LineBytes;
        }
        if (length is null)
        {
            throw Error(lines.Length, 1, afterStar
                ? "the printout ends after \"*\"; the final offset line (the length) is missing"
                : "the final offset line (the length) is missing: the printout is incomplete");
        }
        return data.GetRange(0, length.Value).ToArray();
    }

    private static int FinalLength(List<byte> data, int offset, Token token, int number)
    {
        // An odd length ends in a word whose high byte hexdump filled with zero.
        var fits = offset == data.Count || (offset == data.Count - 1 && data[^1] == 0);
        if (!fits)
        {
            throw Error(number, token.Column, string.Create(CultureInfo.InvariantCulture,
                $"the final offset {token.Text} does not match the {data.Count} bytes above it (a line or a word missing?)"));
        }
        return offset;
    }

    private static int ParseOffset(Token token, int number)
    {
        if (token.Text.Length > 8 || !int.TryParse(token.Text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var offset))
        {
            throw Error(number, token.Column, $"'{token.Text}' is not a hex offset");
        }
        return offset;
    }

    private static int ParseWord(Token token, int number)
    {
        if (token.Text.Length != 4 || !int.TryParse(token.Text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var word))
        {
            throw Error(number, token.Column, $"'{token.Text}' is not a word of four hex digits");
        }
        return word;
    }

    private static List<Token> Tokens(string line)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < line.Length)
        {
            if (char.IsWhiteSpace(line[i]))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < line.Length && !char.IsWhiteSpace(line[i]))
            {
                i++;
            }
            tokens.Add(new Token(line[start..i], start + 1));
        }
        return tokens;
    }

    private static FormatException Error(int line, int column, string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"line {line}, column {column}: {message}"));

    private readonly record struct Token(string Text, int Column);
}
