using System.Text;

namespace RuBackup.Bench;

/// <summary>Kinds of chunk content: what a VM disk mostly holds besides holes.</summary>
public enum DataKind
{
    /// <summary>Log- and config-like lines: compresses several times over with zstd -1.</summary>
    Text,

    /// <summary>Media-like or already-compressed bytes: zstd gives up and the chunk is stored raw.</summary>
    Random,
}

/// <summary>Deterministic chunk contents, the same on every run (mirrors tools/mkimage.py).</summary>
public static class ChunkData
{
    public const int ChunkSize = 256 * 1024;

    private static readonly string[] Words =
        ("kernel module systemd journal nginx access log GET POST 200 404 user session cache " +
         "postgres wal segment checkpoint vacuum index btree page tuple lib x86_64 linux gnu " +
         "config yaml json true false null error warning info debug trace request response")
        .Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static byte[] Create(DataKind kind, int size = ChunkSize, int seed = 42)
    {
        var rng = new Random(seed);
        var data = new byte[size];
        if (kind == DataKind.Random)
        {
            rng.NextBytes(data);
            return data;
        }
        var text = new StringBuilder(size + 256);
        while (text.Length < size)
        {
            text.Append(rng.Next(0, 1_000_000_000)).Append(' ');
            var count = rng.Next(6, 15);
            for (var i = 0; i < count; i++)
            {
                text.Append(Words[rng.Next(Words.Length)]).Append(i + 1 < count ? ' ' : '\n');
            }
        }
        Encoding.ASCII.GetBytes(text.ToString(0, size), data);
        return data;
    }
}
