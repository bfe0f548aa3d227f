using RuBackup.Api;

namespace RuBackup.Catalog;

/// <summary>A server user as stored: the password only as a KDF hash string.</summary>
public sealed record UserRecord(string Name, UserRole Role, string PasswordHash, bool Disabled, DateTimeOffset Created)
{
    public UserInfo ToInfo() => new(Name, Role, Disabled, Created);
}

/// <summary>A client as stored, with its public key (SubjectPublicKeyInfo, base64).</summary>
public sealed record ClientRecord(ClientInfo Info, string PublicKey);

/// <summary>
/// A bearer token as stored: only its SHA-256 (hex), so a stolen catalog yields no usable tokens.
/// Subject is "user:NAME" or "client:ID".
/// </summary>
public sealed record TokenRecord(string TokenHash, string Subject, DateTimeOffset Created, DateTimeOffset ExpiresAt);

public sealed record TaskQuery(TaskState? State = null, long? ClientId = null, long? RuleId = null, string? ArchiveId = null, int Limit = 500);

public sealed record ArchiveQuery(long? ClientId = null, string? Resource = null, string? Pool = null, string? Status = null, long? RuleId = null);

/// <summary>A unique name or key is taken (maps to HTTP 409).</summary>
public sealed class CatalogConflictException(string message) : Exception(message);

/// <summary>
/// The server's catalog: users, tokens, audit log, clients, pools, rules, tasks with their logs, and
/// archives. Metadata only: archive data lives in the pools. One schema with versioned migrations,
/// implemented on SQLite (default, a file in the data folder) and PostgreSQL (production); both pass
/// the same test suite. Every method is safe to call concurrently from many requests.
/// </summary>
public partial interface ICatalog : IAsyncDisposable
{
    /// <summary>"sqlite" or "postgresql".</summary>
    string Provider { get; }

    /// <summary>Applies pending migrations in order, each in a transaction; a no-op when current.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    Task<int> SchemaVersionAsync(CancellationToken cancellationToken);

    // --- users and tokens ---
    Task<UserRecord?> FindUserAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<UserRecord>> ListUsersAsync(CancellationToken cancellationToken);

    /// <summary>Throws <see cref="CatalogConflictException"/> when the name is taken.</summary>
    Task CreateUserAsync(UserRecord user, CancellationToken cancellationToken);

    /// <summary>Replaces role, hash and disabled flag of the named user; false when there is none.</summary>
    Task<bool> UpdateUserAsync(UserRecord user, CancellationToken cancellationToken);

    Task<bool> DeleteUserAsync(string name, CancellationToken cancellationToken);

    Task SaveTokenAsync(TokenRecord token, CancellationToken cancellationToken);

    Task<TokenRecord?> FindTokenAsync(string tokenHash, CancellationToken cancellationToken);

    Task DeleteTokenAsync(string tokenHash, CancellationToken cancellationToken);

    /// <summary>Removes every token of a subject (a deleted user, a revoked client).</summary>
    Task DeleteTokensOfAsync(string subject, CancellationToken cancellationToken);

    Task<int> DeleteExpiredTokensAsync(DateTimeOffset now, CancellationToken cancellationToken);

    Task AppendAuditAsync(DateTimeOffset time, string actor, string action, string target, string? details, CancellationToken cancellationToken);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(int limit, CancellationToken cancellationToken);

    // --- clients ---

    /// <summary>
    /// Keyed by the public key: a new key makes a new client in status Unauthorized (name made unique
    /// by the caller's choice: a taken name with another key throws <see cref="CatalogConflictException"/>);
    /// a known key updates hostname, modules, centralized-restore flag and last-seen, never the status.
    /// </summary>
    Task<ClientRecord> RegisterClientAsync(ClientRegistration registration, string keyFingerprint, DateTimeOffset now, CancellationToken cancellationToken);

    Task<ClientRecord?> FindClientAsync(long id, CancellationToken cancellationToken);

    Task<ClientRecord?> FindClientByNameAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<ClientRecord>> ListClientsAsync(ClientStatus? status, CancellationToken cancellationToken);

    Task<bool> SetClientStatusAsync(long id, ClientStatus status, CancellationToken cancellationToken);

    Task<bool> SetClientGroupAsync(long id, string? group, CancellationToken cancellationToken);

    Task TouchClientAsync(long id, DateTimeOffset now, CancellationToken cancellationToken);

    Task<bool> DeleteClientAsync(long id, CancellationToken cancellationToken);

    /// <summary>Replaces the client's list of resources of that type.</summary>
    Task SaveResourcesAsync(long clientId, ResourceReport report, CancellationToken cancellationToken);

    Task<IReadOnlyList<ResourceInfo>> ListResourcesAsync(long clientId, CancellationToken cancellationToken);

    // --- pools ---

    /// <summary>Throws <see cref="CatalogConflictException"/> when the name is taken.</summary>
    Task CreatePoolAsync(PoolInfo pool, CancellationToken cancellationToken);

    Task<PoolInfo?> FindPoolAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<PoolInfo>> ListPoolsAsync(CancellationToken cancellationToken);

    Task<bool> DeletePoolAsync(string name, CancellationToken cancellationToken);

    // --- rules ---

    /// <summary>Throws <see cref="CatalogConflictException"/> when the rule name is taken.</summary>
    Task<RuleInfo> CreateRuleAsync(RuleSettings settings, RuleStatus status, DateTimeOffset now, CancellationToken cancellationToken);

    Task<RuleInfo?> FindRuleAsync(long id, CancellationToken cancellationToken);

    Task<IReadOnlyList<RuleInfo>> ListRulesAsync(CancellationToken cancellationToken);

    /// <summary>Replaces every setting; null when there is no such rule.</summary>
    Task<RuleInfo?> UpdateRuleAsync(long id, RuleSettings settings, CancellationToken cancellationToken);

    Task<RuleInfo?> SetRuleStatusAsync(long id, RuleStatus status, CancellationToken cancellationToken);

    Task SetRuleLastRunAsync(long id, DateTimeOffset time, CancellationToken cancellationToken);

    Task<bool> DeleteRuleAsync(long id, CancellationToken cancellationToken);

    // --- tasks ---

    /// <summary>Stores a new task (its Id is ignored) and returns it with the id assigned.</summary>
    Task<TaskInfo> CreateTaskAsync(TaskInfo task, CancellationToken cancellationToken);

    Task<TaskInfo?> FindTaskAsync(long id, CancellationToken cancellationToken);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<TaskInfo>> ListTasksAsync(TaskQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically takes the oldest task in state New of one of <paramref name="kinds"/> that is either
    /// this client's or, when it has no client, its group's; sets it Assigned with this client. Two
    /// concurrent claimers never get the same task.
    /// </summary>
    Task<TaskInfo?> ClaimNextTaskAsync(long clientId, string? group, IReadOnlyCollection<TaskKind> kinds, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Compare-and-set of the state: moves the task to <paramref name="to"/> only when its state is one of
    /// <paramref name="from"/>; sets Started on entering Executing, Finished (and Error) on Done, Error or
    /// Cancelled. Null when the task does not exist or is in another state.
    /// </summary>
    Task<TaskInfo?> TransitionTaskAsync(long id, IReadOnlyCollection<TaskState> from, TaskState to, DateTimeOffset now, string? error, CancellationToken cancellationToken);

    Task UpdateTaskProgressAsync(long id, long bytesDone, long bytesTotal, CancellationToken cancellationToken);

    Task SetTaskArchiveAsync(long id, string archiveId, CancellationToken cancellationToken);

    Task AppendTaskLogAsync(long id, IReadOnlyList<TaskLogLine> lines, CancellationToken cancellationToken);

    /// <summary>Lines after the first <paramref name="after"/> lines, in order.</summary>
    Task<IReadOnlyList<TaskLogLine>> ReadTaskLogAsync(long id, int after, CancellationToken cancellationToken);

    // --- archives ---

    /// <summary>Throws <see cref="CatalogConflictException"/> when the id exists. Chain is computed, not stored.</summary>
    Task CreateArchiveAsync(ArchiveInfo archive, CancellationToken cancellationToken);

    /// <summary>With <see cref="ArchiveInfo.Chain"/> filled by following Base links.</summary>
    Task<ArchiveInfo?> FindArchiveAsync(string id, CancellationToken cancellationToken);

    /// <summary>Newest first, each with its Chain.</summary>
    Task<IReadOnlyList<ArchiveInfo>> ListArchivesAsync(ArchiveQuery query, CancellationToken cancellationToken);

    Task<bool> SetArchiveStatusAsync(string id, string status, CancellationToken cancellationToken);

    Task<bool> SetArchiveStoredBytesAsync(string id, long sourceBytes, long storedBytes, CancellationToken cancellationToken);

    Task<bool> DeleteArchiveAsync(string id, CancellationToken cancellationToken);
}
