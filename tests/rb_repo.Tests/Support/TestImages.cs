using System.Security.Cryptography;

namespace RuBackup.RepoTool.Tests.Support;

/// <summary>
/// Deterministic disk images shaped like a VM disk: zero runs (holes), random data (incompressible,
/// all chunks distinct) and regions repeated elsewhere (deduplicated within the archive).
/// </summary>
public static class TestImages
{
    public const int MiB = 1 << 20;

    public static byte[] Create(int seed, int size)
    {
        var random = new Random(seed);
        var image = new byte[size];
        var position = 0;
        while (position < size)
        {
            var run = Math.Min(size - position, (1 + random.Next(8)) * 64 * 1024);
            var kind = random.Next(4);
            if (kind == 0)
            {
                // Zero run: left as is.
            }
            else if (kind == 1 && position >= run)
            {
                // Copy of an earlier region, at a chunk-aligned offset so it deduplicates.
                var from = random.Next(position / (64 * 1024) - run / (64 * 1024) + 1) * 64 * 1024;
                Array.Copy(image, from, image, position, run);
            }
            else
            {
                random.NextBytes(image.AsSpan(position, run));
            }
            position += run;
        }
        return image;
    }

    /// <summary>Random bytes only: every 64 KiB chunk differs from every other.</summary>
    public static byte[] Unique(int seed, int size)
    {
        var image = new byte[size];
        new Random(seed).NextBytes(image);
        return image;
    }

    /// <summary>A copy with <paramref name="blocks"/> scattered 64 KiB blocks rewritten: a day of guest writes.</summary>
    public static byte[] Mutate(byte[] image, int seed, int blocks)
    {
        ArgumentNullException.ThrowIfNull(image);
        var random = new Random(seed);
        var copy = (byte[])image.Clone();
        var count = image.Length / (64 * 1024);
        for (var i = 0; i < blocks; i++)
        {
            random.NextBytes(copy.AsSpan(random.Next(count) * 64 * 1024, 64 * 1024));
        }
        return copy;
    }

    public static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
