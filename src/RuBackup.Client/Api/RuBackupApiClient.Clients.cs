using System.Globalization;
using RuBackup.Api;

namespace RuBackup.Client.Api;

/// <summary>Client registration and token issuance (anonymous), and the administrator's view of clients.</summary>
public sealed partial class RuBackupApiClient
{
    public Task<RegistrationResponse> RegisterClientAsync(ClientRegistration registration, CancellationToken cancellationToken = default) =>
        PostAsync<RegistrationResponse>(ApiRoutes.ClientRegister, registration, cancellationToken, anonymous: true);

    public Task<ClientChallengeResponse> RequestChallengeAsync(ClientChallengeRequest request, CancellationToken cancellationToken = default) =>
        PostAsync<ClientChallengeResponse>(ApiRoutes.ClientChallenge, request, cancellationToken, anonymous: true);

    public Task<TokenResponse> RequestClientTokenAsync(ClientTokenRequest request, CancellationToken cancellationToken = default) =>
        PostAsync<TokenResponse>(ApiRoutes.ClientToken, request, cancellationToken, anonymous: true);

    /// <param name="status">Only clients in this status (the route takes ?status=unauthorized).</param>
    public Task<IReadOnlyList<ClientInfo>> ListClientsAsync(ClientStatus? status = null, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<ClientInfo>>(Query(ApiRoutes.Clients, ("status", Lower(status))), cancellationToken);

    public Task<ClientInfo> GetClientAsync(long id, CancellationToken cancellationToken = default) =>
        GetAsync<ClientInfo>(ClientRoute(id), cancellationToken);

    public Task<ClientInfo> UpdateClientAsync(long id, UpdateClientRequest request, CancellationToken cancellationToken = default) =>
        PatchAsync<ClientInfo>(ClientRoute(id), request, cancellationToken);

    public Task<ClientInfo> AuthorizeClientAsync(long id, CancellationToken cancellationToken = default) =>
        PostAsync<ClientInfo>(ClientRoute(id) + "/authorize", null, cancellationToken);

    public Task<ClientInfo> RevokeClientAsync(long id, CancellationToken cancellationToken = default) =>
        PostAsync<ClientInfo>(ClientRoute(id) + "/revoke", null, cancellationToken);

    public Task DeleteClientAsync(long id, CancellationToken cancellationToken = default) =>
        SendNoResultAsync(HttpMethod.Delete, ClientRoute(id), null, cancellationToken);

    public Task<IReadOnlyList<ResourceInfo>> GetClientResourcesAsync(long id, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<ResourceInfo>>(ClientRoute(id) + "/resources", cancellationToken);

    private static string ClientRoute(long id) => $"{ApiRoutes.Clients}/{id.ToString(CultureInfo.InvariantCulture)}";
}
