using System.CommandLine;
using RuBackup.Repository.Engine;

namespace RuBackup.RepoTool;

internal static class ListCommand
{
    public static Command Create()
    {
        var repo = CliSupport.RepoOption();
        var resource = new Option<string?>("--resource") { Description = "Only this resource's archives" };
        var json = CliSupport.JsonOption();
        var command = new Command("list", "List archives, oldest first") { repo, resource, json };
        CliSupport.SetHandler(command, async (parse, ct) =>
        {
            var repository = await BackupRepository.OpenAsync(parse.GetRequiredValue(repo), ct);
            var filter = parse.GetValue(resource);
            var archives = (await repository.Catalog.ListAsync(ct)).Where(m => filter is null || m.Resource == filter).ToList();
            if (parse.GetValue(json))
            {
                CliSupport.WriteJson(archives.Select(m => new
                {
                    id = m.Id,
                    m.SourceType,
                    m.Resource,
                    m.ResourceName,
                    m.Created,
                    m.Type,
                    @base = m.Base,
                    m.Encryption,
                    m.KeyId,
                    disks = m.Disks.Select(d => new { d.Name, d.Size }),
                    m.Stats,
                    signer = SignerSupport.Fingerprint(m),
                    m.SignerName,
                }));
                return 0;
            }
            Console.WriteLine($"{"ID",-24} {"RESOURCE",-16} {"TYPE",-12} {"CREATED (UTC)",-19} {"SIZE",10} {"STORED",10} {"ENC",-4} {"BASE",-24} SIGNER");
            foreach (var m in archives)
            {
                Console.WriteLine($"{m.Id,-24} {m.Resource,-16} {m.Type.ToString().ToLowerInvariant(),-12} {m.Created.UtcDateTime:yyyy-MM-dd HH:mm:ss} {CliSupport.HumanBytes(m.TotalSize),10} {CliSupport.HumanBytes(m.Stats.BytesStored),10} {(m.Encrypted ? "yes" : "no"),-4} {m.Base ?? "-",-24} {SignerSupport.Signer(m)}");
            }
            return 0;
        });
        return command;
    }
}
