namespace RuBackup.Rustack.Cloud;

/// <summary>The Nova v2.1 calls the module makes.</summary>
public sealed class NovaApi(ApiClient client)
{
    private const CloudService Service = CloudService.Compute;

    public async Task<IReadOnlyList<Server>> ListServersAsync(CancellationToken cancellationToken) =>
        (await client.GetAsync<ServerList>(Service, "servers/detail", "list VMs", "project", cancellationToken).ConfigureAwait(false)).Servers;

    public async Task<Server?> FindServerAsync(string id, CancellationToken cancellationToken) =>
        (await client.FindAsync<ServerEnvelope>(Service, $"servers/{Uri.EscapeDataString(id)}", "read VM", $"VM {id}", cancellationToken).ConfigureAwait(false))?.Server;

    public async Task<Server> GetServerAsync(string id, CancellationToken cancellationToken) =>
        await FindServerAsync(id, cancellationToken).ConfigureAwait(false)
        ?? throw CloudException.For("read VM", $"VM {id}", "no such VM in the project", 404);

    public async Task<IReadOnlyList<VolumeAttachment>> ListAttachmentsAsync(string serverId, CancellationToken cancellationToken) =>
        (await client.GetAsync<VolumeAttachmentList>(Service, $"servers/{serverId}/os-volume_attachments", "list attachments", $"VM {serverId}", cancellationToken).ConfigureAwait(false)).VolumeAttachments;

    public async Task<IReadOnlyList<InterfaceAttachment>> ListInterfacesAsync(string serverId, CancellationToken cancellationToken) =>
        (await client.GetAsync<InterfaceList>(Service, $"servers/{serverId}/os-interface", "list interfaces", $"VM {serverId}", cancellationToken).ConfigureAwait(false)).InterfaceAttachments;

    public async Task<VolumeAttachment> AttachVolumeAsync(string serverId, string volumeId, CancellationToken cancellationToken)
    {
        var body = new { volumeAttachment = new { volumeId } };
        var answer = await client.SendAsync<VolumeAttachmentEnvelope>(Service, HttpMethod.Post, $"servers/{serverId}/os-volume_attachments", body, "attach volume", $"volume {volumeId} to VM {serverId}", cancellationToken).ConfigureAwait(false);
        return answer?.VolumeAttachment ?? new VolumeAttachment(null, volumeId, serverId, null);
    }

    public Task DetachVolumeAsync(string serverId, string volumeId, CancellationToken cancellationToken) =>
        client.SendAsync(Service, HttpMethod.Delete, $"servers/{serverId}/os-volume_attachments/{volumeId}", null, "detach volume", $"volume {volumeId} from VM {serverId}", cancellationToken);

    public async Task<IReadOnlyList<Flavor>> ListFlavorsAsync(CancellationToken cancellationToken) =>
        (await client.GetAsync<FlavorList>(Service, "flavors/detail", "list flavors", "project", cancellationToken).ConfigureAwait(false)).Flavors;

    public async Task<Server> CreateServerAsync(object body, string name, CancellationToken cancellationToken) =>
        (await client.SendAsync<ServerEnvelope>(Service, HttpMethod.Post, "servers", body, "create VM", $"VM {name}", cancellationToken).ConfigureAwait(false))?.Server
        ?? throw CloudException.For("create VM", $"VM {name}", "the answer has no server");

    public Task DeleteServerAsync(string id, CancellationToken cancellationToken) =>
        client.SendAsync(Service, HttpMethod.Delete, $"servers/{id}", null, "delete VM", $"VM {id}", cancellationToken);
}
