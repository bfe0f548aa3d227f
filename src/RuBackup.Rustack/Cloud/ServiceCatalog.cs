namespace RuBackup.Rustack.Cloud;

public enum CloudService
{
    Identity,
    Compute,
    BlockStorage,
}

/// <summary>
/// Endpoints from the token's catalog. Block storage is listed as `block-storage` by newer clouds and
/// `volumev3` by older ones; the public interface is preferred because the backup VM is a tenant VM.
/// </summary>
public sealed class ServiceCatalog
{
    private readonly IReadOnlyList<CatalogEntry> _entries;

    public ServiceCatalog(IReadOnlyList<CatalogEntry>? entries) => _entries = entries ?? [];

    public static IReadOnlyList<string> TypesOf(CloudService service) => service switch
    {
        CloudService.Compute => ["compute"],
        CloudService.BlockStorage => ["block-storage", "volumev3"],
        _ => ["identity"],
    };

    public Uri? Find(CloudService service)
    {
        foreach (var type in TypesOf(service))
        {
            var entry = _entries.FirstOrDefault(e => string.Equals(e.Type, type, StringComparison.OrdinalIgnoreCase));
            if (entry is null || entry.Endpoints.Count == 0)
            {
                continue;
            }
            var endpoint = entry.Endpoints.FirstOrDefault(e => e.Interface == "public")
                ?? entry.Endpoints.FirstOrDefault(e => e.Interface == "internal")
                ?? entry.Endpoints[0];
            return new Uri(endpoint.Url.TrimEnd('/') + "/");
        }
        return null;
    }
}
