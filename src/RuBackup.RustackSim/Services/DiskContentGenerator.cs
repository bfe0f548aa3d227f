using System.Text;

namespace RuBackup.RustackSim.Services;

/// <summary>
/// Fills a disk image with deterministic, VM-like content from a seed: zero runs (left as holes), text
/// (log-ish lines, compressible), random bytes (incompressible, like compressed files), and regions
/// copied from earlier in the disk (what deduplication should find). Same seed, same bytes, always:
/// Random(seed) is the stable legacy algorithm. Writes 1 MiB blocks so hundreds of MiB take seconds.
/// </summary>
public static class DiskContentGenerator
{
    private const int Block = 1 << 20;

    public static void Fill(string path, long bytes, int seed)
    {
        var rng = new Random(seed);
        var buffer = new byte[Block];
        var history = new List<long>();
        using var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite);
        RandomAccess.SetLength(handle, bytes);
        for (long offset = 0; offset < bytes; offset += Block)
        {
            var length = (int)Math.Min(Block, bytes - offset);
            var span = buffer.AsSpan(0, length);
            var kind = offset == 0 ? 1 : rng.Next(10);
            switch (kind)
            {
                case 0 or 1 or 2:
                    continue; // zero run: stays a hole
                case 3 or 4 or 5:
                    FillText(span, rng);
                    break;
                case 6 or 7 when history.Count > 0:
                    var from = history[rng.Next(history.Count)];
                    RandomAccess.Read(handle, span, from);
                    // A few changed bytes make it "almost a copy", like an edited file.
                    span[rng.Next(length)] ^= 0x5a;
                    break;
                default:
                    rng.NextBytes(span);
                    break;
            }
            RandomAccess.Write(handle, span, offset);
            history.Add(offset);
        }
        RandomAccess.FlushToDisk(handle);
    }

    private static void FillText(Span<byte> span, Random rng)
    {
        var line = 0;
        var at = 0;
        var text = new StringBuilder(160);
        while (at < span.Length)
        {
            text.Clear();
            text.Append("2024-01-").Append(1 + rng.Next(28)).Append(" host").Append(rng.Next(8))
                .Append(" service[").Append(rng.Next(5000)).Append("]: request ").Append(line++)
                .Append(" status=").Append(rng.Next(3) == 0 ? "error" : "ok").Append('\n');
            var chars = text.ToString();
            var count = Math.Min(chars.Length, span.Length - at);
            at += Encoding.ASCII.GetBytes(chars.AsSpan(0, count), span[at..]);
        }
    }
}
