using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace RuBackup.EndToEnd.Tests;

/// <summary>The simulator's volume files, read and changed directly as a running guest would.</summary>
internal static class CloudDisks
{
    public static string VolumePath(SimProcess sim, string volumeId) => Path.Combine(sim.StateDir, "volumes", volumeId + ".img");

    public static async Task<JsonNode> StateAsync(SimProcess sim) => JsonNode.Parse(await sim.Http.GetStringAsync(sim.Url + "/sim/state"))!;

    /// <summary>The VM's volume ids in device order (vda first).</summary>
    public static async Task<IReadOnlyList<string>> VolumeIdsAsync(SimProcess sim, string vmName)
    {
        var state = await StateAsync(sim);
        var servers = state["servers"]!.AsArray().Where(s => s!["name"]!.GetValue<string>() == vmName).ToList();
        Assert.True(servers.Count == 1, $"expected one VM named {vmName}, found {servers.Count}");
        var id = servers[0]!["id"]!.GetValue<string>();
        return [.. state["attachments"]!.AsArray()
            .Where(a => a!["server_id"]!.GetValue<string>() == id)
            .OrderBy(a => a!["device"]!.GetValue<string>(), StringComparer.Ordinal)
            .Select(a => a!["volume_id"]!.GetValue<string>())];
    }

    /// <summary>Temporary snapshots and volumes the module marked: must be none after every task.</summary>
    public static async Task<IReadOnlyList<string>> TemporaryLeftoversAsync(SimProcess sim)
    {
        var state = await StateAsync(sim);
        return [.. new[] { "volumes", "snapshots" }
            .SelectMany(kind => state[kind]!.AsArray().Select(item => (kind, item: item!)))
            .Where(x => x.item["metadata"]?["rubackup_temporary"]?.GetValue<string>() == "true")
            .Select(x => $"{x.kind}: {x.item["name"]} ({x.item["status"]})")];
    }

    /// <summary>SHA-256 of the first <paramref name="length"/> bytes (all of it when null).</summary>
    public static string Sha256(string path, long? length = null)
    {
        using var stream = File.OpenRead(path);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        var left = length ?? stream.Length;
        while (left > 0)
        {
            var n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            Assert.True(n > 0, $"{path} is shorter than expected");
            hash.AppendData(buffer, 0, n);
            left -= n;
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>A guest's writes: random bytes into a few ranges, in place.</summary>
    public static void Scribble(string path, int seed)
    {
        var random = new Random(seed);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        for (var i = 0; i < 6; i++)
        {
            var data = new byte[random.Next(1, 400_000)];
            random.NextBytes(data);
            stream.Position = random.NextInt64(0, stream.Length - data.Length);
            stream.Write(data);
        }
    }
}
