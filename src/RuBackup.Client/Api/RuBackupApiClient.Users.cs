using RuBackup.Api;

namespace RuBackup.Client.Api;

/// <summary>Login, users and the audit log.</summary>
public sealed partial class RuBackupApiClient
{
    public Task<TokenResponse> LoginAsync(LoginRequest request, CancellationToken cancellationToken = default) =>
        PostAsync<TokenResponse>(ApiRoutes.Login, request, cancellationToken, anonymous: true);

    public Task LogoutAsync(CancellationToken cancellationToken = default) =>
        SendNoResultAsync(HttpMethod.Post, ApiRoutes.Logout, null, cancellationToken);

    public Task<SessionInfo> GetSessionAsync(CancellationToken cancellationToken = default) =>
        GetAsync<SessionInfo>(ApiRoutes.Me, cancellationToken);

    public Task<IReadOnlyList<UserInfo>> ListUsersAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<UserInfo>>(ApiRoutes.Users, cancellationToken);

    public Task<UserInfo> CreateUserAsync(CreateUserRequest request, CancellationToken cancellationToken = default) =>
        PostAsync<UserInfo>(ApiRoutes.Users, request, cancellationToken);

    public Task<UserInfo> UpdateUserAsync(string name, UpdateUserRequest request, CancellationToken cancellationToken = default) =>
        PatchAsync<UserInfo>($"{ApiRoutes.Users}/{Escape(name)}", request, cancellationToken);

    public Task DeleteUserAsync(string name, CancellationToken cancellationToken = default) =>
        SendNoResultAsync(HttpMethod.Delete, $"{ApiRoutes.Users}/{Escape(name)}", null, cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<AuditEntry>>(Query(ApiRoutes.Audit, ("limit", limit?.ToString(System.Globalization.CultureInfo.InvariantCulture))), cancellationToken);
}
