using System.CommandLine;
using System.Text.Json;
using RuBackup.Repository;
using RuBackup.Repository.Crypto;
using RuBackup.Repository.Engine;
using RuBackup.Repository.Format;

namespace RuBackup.RepoTool;

internal static class BackupCommand
{
    public static Command Create()
    {
        var repo = CliSupport.RepoOption();
        var resource = new Option<string>("--resource") { Description = "Name of what is backed up (a VM)", Required = true };
        var disks = new Option<string[]>("--disk") { Description = "NAME=PATH of a disk image or block device; repeat for every disk", Required = true, AllowMultipleArgumentsPerToken = false };
        var type = new Option<string>("--type") { Description = "full, incremental or differential", Required = true };
        type.AcceptOnlyFromAmong("full", "incremental", "differential");
        var key = CliSupport.KeyOption();
        var encryption = new Option<string?>("--encryption")
        {
            Description = "With --key: aes-256-gcm (default), a suite such as kuznyechik-256, or an algorithm alone (Kuznyechik: its 256-bit key)",
            HelpName = "NAME",
        };
        var sourceType = new Option<string>("--source-type") { Description = "Deduplication domain (default raw)", DefaultValueFactory = _ => "raw" };
        var meta = new Option<string?>("--meta") { Description = "JSON file kept with the archive (the VM description)" };
        var signingKey = SignerSupport.SigningKeyOption();
        var signerName = SignerSupport.SignerNameOption();
        var json = CliSupport.JsonOption();
        var command = new Command("backup", "Back up disks into a new archive") { repo, resource, disks, type, key, encryption, sourceType, meta, signingKey, signerName, json };
        CliSupport.SetHandler(command, async (parse, ct) =>
        {
            var algorithm = parse.GetValue(encryption) is { } name ? ChunkAlgorithm.Parse(name, "--encryption") : null;
            if (algorithm is not null && parse.GetValue(key) is null)
            {
                throw new RepositoryException($"--encryption {algorithm.Name} needs the master key: give --key FILE");
            }
            using var signer = SignerSupport.LoadSigner(parse.GetValue(signingKey), parse.GetValue(signerName));
            var repository = await BackupRepository.OpenAsync(parse.GetRequiredValue(repo), ct);
            var metadata = ReadMetadata(parse.GetValue(meta));
            var sources = new List<IDiskSource>();
            try
            {
                foreach (var spec in parse.GetRequiredValue(disks))
                {
                    var eq = spec.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0 || eq == spec.Length - 1)
                    {
                        throw new RepositoryException($"--disk '{spec}': expected NAME=PATH");
                    }
                    sources.Add(new FileDiskSource(spec[..eq], spec[(eq + 1)..]));
                }
                var request = new BackupRequest
                {
                    Resource = parse.GetRequiredValue(resource),
                    Type = Enum.Parse<ArchiveType>(parse.GetRequiredValue(type), ignoreCase: true),
                    Disks = sources,
                    Key = CliSupport.LoadKey(parse.GetValue(key)),
                    Encryption = algorithm,
                    SourceType = parse.GetValue(sourceType)!,
                    Metadata = metadata,
                    Signer = signer,
                };
                var asJson = parse.GetValue(json);
                var result = await CliSupport.WithProgressAsync("backup", asJson, progress => new BackupWriter(repository).WriteAsync(request, progress, ct));
                foreach (var warning in result.Warnings)
                {
                    await Console.Error.WriteLineAsync($"rb_repo: warning: {warning}");
                }
                var m = result.Manifest;
                if (asJson)
                {
                    CliSupport.WriteJson(new { archive = m.Id, type = m.Type, @base = m.Base, m.Stats, warnings = result.Warnings, signer = signer?.Fingerprint });
                }
                else
                {
                    var seconds = Math.Max(m.Stats.DurationMs, 1) / 1000.0;
                    Console.WriteLine(m.Id);
                    await Console.Error.WriteLineAsync(
                        $"{m.Type.ToString().ToLowerInvariant()} of '{m.Resource}'{(m.Base is null ? "" : $" on {m.Base}")}: read {CliSupport.HumanBytes(m.Stats.BytesRead)} in {seconds:0.00}s " +
                        $"({CliSupport.HumanBytes((long)(m.Stats.BytesRead / seconds))}/s), {m.Stats.ChunksChanged} chunks changed, {m.Stats.ChunksNew} new " +
                        $"({CliSupport.HumanBytes(m.Stats.BytesNew)} -> {CliSupport.HumanBytes(m.Stats.BytesStored)} stored), {m.Stats.ChunksReused} already in the pool, {m.Stats.ChunksZero} zero" +
                        (signer is null ? "" : $"; signed by '{signer.Name}' (key {RuBackup.Repository.Signing.SignerKeys.Short(signer.Fingerprint)})"));
                }
                return 0;
            }
            finally
            {
                foreach (var source in sources)
                {
                    source.Dispose();
                }
            }
        });
        return command;
    }

    private static byte[] ReadMetadata(string? path)
    {
        if (path is null)
        {
            return [];
        }
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RepositoryException($"--meta {path}: {e.Message}", e);
        }
        try
        {
            using var _ = JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw new RepositoryException($"--meta {path}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
        return bytes;
    }
}
