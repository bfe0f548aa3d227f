using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace RuBackup.RustackModule.Tests;

/// <summary>Reads and changes the simulator's volume files directly, as a running guest would.</summary>
internal static class CloudFiles
{
    public static string VolumePath(ModuleRun run, string volumeId) => Path.Combine(run.Sim.StateDir, "volumes", volumeId + ".img");

    public static async Task<JsonNode> ServerAsync(ModuleRun run, string name)
    {
        var state = await run.CloudStateAsync();
        var matches = state["servers"]!.AsArray().Where(s => s!["name"]!.GetValue<string>() == name).ToList();
        Assert.True(matches.Count == 1, $"expected one VM named {name}, found {matches.Count}");
        return matches[0]!;
    }

    /// <summary>The VM's volumes in device order (vda first).</summary>
    public static async Task<IReadOnlyList<JsonNode>> AttachmentsAsync(ModuleRun run, string serverId)
    {
        var state = await run.CloudStateAsync();
        return [.. state["attachments"]!.AsArray().Where(a => a!["server_id"]!.GetValue<string>() == serverId).OrderBy(a => a!["device"]!.GetValue<string>(), StringComparer.Ordinal).Select(a => a!)];
    }

    public static async Task<IReadOnlyList<string>> VolumeIdsAsync(ModuleRun run, string vmName)
    {
        var server = await ServerAsync(run, vmName);
        return [.. (await AttachmentsAsync(run, server["id"]!.GetValue<string>())).Select(a => a["volume_id"]!.GetValue<string>())];
    }

    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static string Sha256(string path, long length)
    {
        using var stream = File.OpenRead(path);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        var left = length;
        while (left > 0)
        {
            var n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            Assert.True(n > 0, $"{path} is shorter than {length} bytes");
            hash.AppendData(buffer, 0, n);
            left -= n;
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>True when every byte from offset to the end of the file is zero.</summary>
    public static bool ZeroFrom(string path, long offset)
    {
        using var stream = File.OpenRead(path);
        stream.Position = offset;
        var buffer = new byte[1 << 20];
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            if (buffer.AsSpan(0, n).ContainsAnyExcept((byte)0))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Writes random bytes into several random ranges and zeroes one range, in place.</summary>
    public static void Scribble(string path, Random random)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        var length = stream.Length;
        for (var i = 0; i < 5; i++)
        {
            var data = new byte[random.Next(1, 300_000)];
            random.NextBytes(data);
            stream.Position = random.NextInt64(0, length - data.Length);
            stream.Write(data);
        }
        var zeros = new byte[random.Next(100_000, 1_500_000)];
        stream.Position = random.NextInt64(0, length - zeros.Length);
        stream.Write(zeros);
        stream.Flush(flushToDisk: true);
    }

    public static string ArchiveId(ProcessResult backup)
    {
        Assert.True(backup.ExitCode == 0, backup.ToString());
        return JsonNode.Parse(backup.Stdout)!["archive"]!.GetValue<string>();
    }
}
