using RuBackup.Api;
using RuBackup.Catalog;
using RuBackup.Server.Api;
using RuBackup.Server.Auth;

namespace RuBackup.Server.Services;

/// <summary>
/// Users and their rules: the superuser "rubackup" exists from the first start and can be neither
/// deleted, disabled nor demoted; only the superuser creates or changes administrators; nobody creates
/// another superuser. A changed password, a disabled or deleted user loses every token at once.
/// </summary>
public sealed class UserService(ICatalog catalog, PasswordHasher hasher, TokenService tokens, AuditLog audit, TimeProvider time)
{
    public const string SuperuserName = "rubackup";
    public const int MinPasswordLength = 8;

    public async Task<TokenResponse> LoginAsync(LoginRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = string.IsNullOrEmpty(request.User) ? null : await catalog.FindUserAsync(request.User, cancellationToken).ConfigureAwait(false);
        if (!hasher.Verify(request.Password ?? "", user?.PasswordHash) || user is null || user.Disabled)
        {
            throw new ApiException(StatusCodes.Status401Unauthorized, "wrong user name or password, or the user is disabled");
        }
        var (token, expires) = await tokens.IssueAsync(TokenService.UserSubject(user.Name), cancellationToken).ConfigureAwait(false);
        return new TokenResponse(token, expires, user.Name, user.Role.ToString());
    }

    /// <summary>On a catalog without users: creates the superuser with the first-start password.</summary>
    public async Task<bool> EnsureSuperuserAsync(Func<string?> firstPassword, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(firstPassword);
        if ((await catalog.ListUsersAsync(cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            return false;
        }
        var password = firstPassword();
        if (string.IsNullOrEmpty(password))
        {
            throw new StartupException("the catalog has no users yet: give the superuser 'rubackup' its first password in RUBACKUP_ADMIN_PASSWORD or a file named by --admin-password-file");
        }
        await catalog.CreateUserAsync(new UserRecord(SuperuserName, UserRole.Superuser, hasher.Hash(password), false, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(AuditLog.ServerActor, "user.create", SuperuserName, "superuser, first start", cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<IReadOnlyList<UserInfo>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await catalog.ListUsersAsync(cancellationToken).ConfigureAwait(false)).Select(u => u.ToInfo())];

    public async Task<UserInfo> CreateAsync(Caller caller, CreateUserRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        NameRules.Require(request.Name, "name", "user name");
        RequirePassword(request.Password);
        if (request.Role == UserRole.Superuser)
        {
            throw ApiException.BadRequest("role", "there is only one superuser; choose Administrator, Operator or Auditor");
        }
        if (request.Role == UserRole.Administrator && !caller.IsSuperuser)
        {
            throw ApiException.Forbidden("only the superuser creates administrators");
        }
        var user = new UserRecord(request.Name, request.Role, hasher.Hash(request.Password), false, time.GetUtcNow());
        try
        {
            await catalog.CreateUserAsync(user, cancellationToken).ConfigureAwait(false);
        }
        catch (CatalogConflictException)
        {
            throw ApiException.Conflict($"user '{request.Name}' exists");
        }
        await audit.RecordAsync(caller, "user.create", user.Name, $"role {user.Role}", cancellationToken).ConfigureAwait(false);
        return user.ToInfo();
    }

    public async Task<UserInfo> UpdateAsync(Caller caller, string name, UpdateUserRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var user = await FindAsync(name, cancellationToken).ConfigureAwait(false);
        RequireMayManage(caller, user);
        if (user.Role == UserRole.Superuser && (request.Role is { } r && r != UserRole.Superuser || request.Disabled == true))
        {
            throw ApiException.Conflict("the superuser can be neither demoted nor disabled");
        }
        if (request.Role == UserRole.Superuser && user.Role != UserRole.Superuser)
        {
            throw ApiException.BadRequest("role", "there is only one superuser; choose Administrator, Operator or Auditor");
        }
        if (request.Role == UserRole.Administrator && !caller.IsSuperuser)
        {
            throw ApiException.Forbidden("only the superuser makes administrators");
        }
        if (request.Password is not null)
        {
            RequirePassword(request.Password);
        }
        var updated = user with
        {
            Role = request.Role ?? user.Role,
            Disabled = request.Disabled ?? user.Disabled,
            PasswordHash = request.Password is null ? user.PasswordHash : hasher.Hash(request.Password),
        };
        if (!await catalog.UpdateUserAsync(updated, cancellationToken).ConfigureAwait(false))
        {
            throw ApiException.NotFound($"no user '{name}'");
        }
        if (request.Password is not null || updated.Disabled || updated.Role != user.Role)
        {
            await catalog.DeleteTokensOfAsync(TokenService.UserSubject(user.Name), cancellationToken).ConfigureAwait(false);
        }
        var changes = new List<string>();
        if (updated.Role != user.Role) changes.Add($"role {user.Role} -> {updated.Role}");
        if (updated.Disabled != user.Disabled) changes.Add(updated.Disabled ? "disabled" : "enabled");
        if (request.Password is not null) changes.Add("password changed");
        await audit.RecordAsync(caller, "user.update", user.Name, string.Join(", ", changes), cancellationToken).ConfigureAwait(false);
        return updated.ToInfo();
    }

    public async Task DeleteAsync(Caller caller, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var user = await FindAsync(name, cancellationToken).ConfigureAwait(false);
        if (user.Role == UserRole.Superuser)
        {
            throw ApiException.Conflict("the superuser cannot be deleted");
        }
        RequireMayManage(caller, user);
        if (!await catalog.DeleteUserAsync(name, cancellationToken).ConfigureAwait(false))
        {
            throw ApiException.NotFound($"no user '{name}'");
        }
        await catalog.DeleteTokensOfAsync(TokenService.UserSubject(name), cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(caller, "user.delete", name, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<UserRecord> FindAsync(string name, CancellationToken cancellationToken) =>
        await catalog.FindUserAsync(name, cancellationToken).ConfigureAwait(false) ?? throw ApiException.NotFound($"no user '{name}'");

    private static void RequireMayManage(Caller caller, UserRecord target)
    {
        if (target.Role == UserRole.Superuser && !caller.IsSuperuser)
        {
            throw ApiException.Forbidden("only the superuser changes the superuser");
        }
        if (target.Role == UserRole.Administrator && !caller.IsSuperuser && target.Name != caller.Name)
        {
            throw ApiException.Forbidden("only the superuser changes other administrators");
        }
    }

    private static void RequirePassword(string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinPasswordLength)
        {
            throw ApiException.BadRequest("password", $"the password must have at least {MinPasswordLength} characters");
        }
    }
}
