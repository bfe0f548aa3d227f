using RuBackup.Api;

namespace RuBackup.Catalog;

/// <summary>Users, bearer tokens (stored as hashes only) and the audit log.</summary>
internal abstract partial class SqlCatalog
{
    public async Task<UserRecord?> FindUserAsync(string name, CancellationToken cancellationToken) =>
        (await QueryFirstOrDefaultAsync<UserRow>("SELECT * FROM users WHERE name = @name", new { name }, cancellationToken).ConfigureAwait(false))?.ToRecord();

    public async Task<IReadOnlyList<UserRecord>> ListUsersAsync(CancellationToken cancellationToken) =>
        (await QueryAsync<UserRow>("SELECT * FROM users ORDER BY name", null, cancellationToken).ConfigureAwait(false)).ConvertAll(r => r.ToRecord());

    public Task CreateUserAsync(UserRecord user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return UniqueAsync(
            () => ExecuteAsync(
                "INSERT INTO users (name, role, password_hash, disabled, created_at) VALUES (@Name, @Role, @PasswordHash, @Disabled, @CreatedAt)",
                UserRow.From(user),
                cancellationToken),
            $"user '{user.Name}' exists");
    }

    public async Task<bool> UpdateUserAsync(UserRecord user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return await ExecuteAsync(
            "UPDATE users SET role = @Role, password_hash = @PasswordHash, disabled = @Disabled WHERE name = @Name",
            UserRow.From(user),
            cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<bool> DeleteUserAsync(string name, CancellationToken cancellationToken) =>
        await ExecuteAsync("DELETE FROM users WHERE name = @name", new { name }, cancellationToken).ConfigureAwait(false) > 0;

    public Task SaveTokenAsync(TokenRecord token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        return UniqueAsync(
            () => ExecuteAsync(
                "INSERT INTO tokens (token_hash, subject, created_at, expires_at) VALUES (@TokenHash, @Subject, @CreatedAt, @ExpiresAt)",
                TokenRow.From(token),
                cancellationToken),
            $"a token of {token.Subject} with the same hash exists");
    }

    public async Task<TokenRecord?> FindTokenAsync(string tokenHash, CancellationToken cancellationToken) =>
        (await QueryFirstOrDefaultAsync<TokenRow>("SELECT * FROM tokens WHERE token_hash = @tokenHash", new { tokenHash }, cancellationToken).ConfigureAwait(false))?.ToRecord();

    public Task DeleteTokenAsync(string tokenHash, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM tokens WHERE token_hash = @tokenHash", new { tokenHash }, cancellationToken);

    public Task DeleteTokensOfAsync(string subject, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM tokens WHERE subject = @subject", new { subject }, cancellationToken);

    public Task<int> DeleteExpiredTokensAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM tokens WHERE expires_at <= @now", new { now = ColumnValues.Ms(now) }, cancellationToken);

    public Task AppendAuditAsync(DateTimeOffset time, string actor, string action, string target, string? details, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "INSERT INTO audit_log (logged_at, actor, action, target, details) VALUES (@time, @actor, @action, @target, @details)",
            new { time = ColumnValues.Ms(time), actor, action, target, details },
            cancellationToken);

    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(int limit, CancellationToken cancellationToken) =>
        (await QueryAsync<AuditRow>("SELECT * FROM audit_log ORDER BY id DESC LIMIT @limit", new { limit = Math.Max(0, limit) }, cancellationToken).ConfigureAwait(false))
            .ConvertAll(r => r.ToEntry());
}
