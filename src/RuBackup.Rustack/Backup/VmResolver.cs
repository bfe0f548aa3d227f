using RuBackup.Rustack.Cloud;

namespace RuBackup.Rustack.Backup;

/// <summary>Finds the VM a user named: by id first, else by a name that is unique in the project.</summary>
public static class VmResolver
{
    public static async Task<Server> ResolveAsync(NovaApi nova, string idOrName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nova);
        var byId = await nova.FindServerAsync(idOrName, cancellationToken).ConfigureAwait(false);
        if (byId is not null)
        {
            return byId;
        }
        var named = (await nova.ListServersAsync(cancellationToken).ConfigureAwait(false)).Where(s => s.Name == idOrName).ToList();
        return named.Count switch
        {
            1 => named[0],
            0 => throw CloudException.For("find VM", idOrName, "no VM with this id or name in the project (see -l)"),
            _ => throw CloudException.For("find VM", idOrName, $"{named.Count} VMs have this name; give the id ({string.Join(", ", named.Select(s => s.Id))})"),
        };
    }
}
