namespace RuBackup.Api;

/// <summary>
/// The server's REST routes (JSON bodies, <see cref="ApiError"/> on failure, 401 without valid
/// credentials, 403 when the role or client may not). Users authenticate with a bearer token from
/// <see cref="Login"/>; clients with a bearer token from <see cref="ClientToken"/>, got by signing a
/// challenge with their private key. Role column: S superuser, A administrator, O operator, R auditor
/// (read), C an authorized client (only its own objects).
/// <code>
/// POST   /api/v1/auth/login                       anonymous   LoginRequest → TokenResponse
/// POST   /api/v1/auth/logout                      any user    revokes the token
/// GET    /api/v1/auth/me                          any user    → SessionInfo (the token's user and role)
/// GET    /api/v1/users                            S A R       → UserInfo[]
/// POST   /api/v1/users                            S A         CreateUserRequest → UserInfo   (only S creates administrators)
/// PATCH  /api/v1/users/{name}                     S A         UpdateUserRequest → UserInfo
/// DELETE /api/v1/users/{name}                     S A
/// GET    /api/v1/audit?limit=N                    S A R       → AuditEntry[]
///
/// POST   /api/v1/clients/register                 anonymous   ClientRegistration → RegistrationResponse
/// POST   /api/v1/clients/challenge                anonymous   ClientChallengeRequest → ClientChallengeResponse
/// POST   /api/v1/clients/token                    anonymous   ClientTokenRequest → TokenResponse (also for unauthorized clients)
/// GET    /api/v1/clients?status=unauthorized      S A O R     → ClientInfo[]
/// GET    /api/v1/clients/{id}                     S A O R     → ClientInfo
/// PATCH  /api/v1/clients/{id}                     S A         UpdateClientRequest → ClientInfo
/// POST   /api/v1/clients/{id}/authorize           S A         → ClientInfo
/// POST   /api/v1/clients/{id}/revoke              S A         → ClientInfo
/// DELETE /api/v1/clients/{id}                     S A
/// GET    /api/v1/clients/{id}/resources           S A O R     → ResourceInfo[] (as the client last reported)
///
/// GET    /api/v1/pools                            S A O R     → PoolInfo[]
/// POST   /api/v1/pools                            S A         CreatePoolRequest → PoolInfo
/// DELETE /api/v1/pools/{name}                     S A         (refused while archives or rules use it)
///
/// GET    /api/v1/rules                            S A O R     → RuleInfo[]
/// GET    /api/v1/rules/{id}                       S A O R     → RuleInfo
/// POST   /api/v1/rules                            S A         RuleSettings → RuleInfo
/// PUT    /api/v1/rules/{id}                       S A         RuleSettings → RuleInfo
/// DELETE /api/v1/rules/{id}                       S A
/// POST   /api/v1/rules/{id}/pause                 S A O       → RuleInfo (status wait)
/// POST   /api/v1/rules/{id}/resume                S A O       → RuleInfo (status run)
/// POST   /api/v1/rules/{id}/run?type=incremental  S A O       → TaskInfo (a backup task now; type defaults to the rule's)
///
/// GET    /api/v1/tasks?state=S&amp;client=ID&amp;limit=N   S A O R     → TaskInfo[] (newest first)
/// GET    /api/v1/tasks/{id}                       S A O R     → TaskInfo
/// GET    /api/v1/tasks/{id}/log?after=N           S A O R     → TaskLogLine[]
/// POST   /api/v1/tasks/{id}/cancel                S A O       → TaskInfo
///
/// GET    /api/v1/archives?client=ID&amp;resource=R  S A O R     → ArchiveInfo[] (newest first)
/// GET    /api/v1/archives/{id}                    S A O R     → ArchiveInfo
/// POST   /api/v1/archives/{id}/restore            S A O       RestoreRequest → TaskInfo (refused when the client disabled centralized restore)
/// POST   /api/v1/archives/{id}/verify             S A O       → TaskInfo
/// DELETE /api/v1/archives/{id}                    S A         → TaskInfo (refused while a later archive depends on it)
/// GET    /api/v1/check                            S A R       → CheckReport
///
/// -- strategies (issue 5) --
/// GET    /api/v1/strategies                       S A O R     → StrategyInfo[]
/// GET    /api/v1/strategies/{id}                  S A O R     → StrategyInfo
/// POST   /api/v1/strategies                       S A         StrategySettings → StrategyInfo (expanded at once: a rule per matching VM)
/// PUT    /api/v1/strategies/{id}                  S A         StrategySettings → StrategyInfo (every generated rule gets the new settings)
/// DELETE /api/v1/strategies/{id}?rules=delete     S A         (its rules stay as hand-made rules unless rules=delete)
/// POST   /api/v1/strategies/{id}/pause            S A O       → StrategyInfo (it and its rules in status wait)
/// POST   /api/v1/strategies/{id}/resume           S A O       → StrategyInfo (it and its rules in status run)
/// POST   /api/v1/strategies/{id}/run              S A O       → TaskInfo[] (a backup task per generated rule whose VM is reported)
/// GET    /api/v1/strategies/{id}/rules            S A O R     → RuleInfo[] (the rules it generated)
///
/// -- notifications (issue 5) --
/// GET    /api/v1/notifications?state=S&amp;limit=N   S A R       → NotificationInfo[] (the outbox, newest first; state pending|sent|failed)
/// POST   /api/v1/notifications/test           S A         TestNotificationRequest → TestNotificationResult (sent now, not queued)
///
/// -- moves and garbage collection (issue 5) --
/// POST   /api/v1/archives/{id}/move?pool=NAME     S A         → TaskInfo (moves the archive's whole family: its full and every archive based on it)
/// POST   /api/v1/pools/{name}/gc                  S A         → PoolGcReport (garbage collection now)
///
/// -- the client's own side (C); the client is read from its token --
/// POST   /api/v1/client/resources                 C           ResourceReport
/// GET    /api/v1/client/tasks/next?wait=SECONDS   C           → TaskAssignment, or 204 after the wait
/// POST   /api/v1/client/tasks/{id}/start          C           → TaskInfo (assigned → executing)
/// POST   /api/v1/client/tasks/{id}/progress       C           ProgressReport
/// POST   /api/v1/client/tasks/{id}/log            C           LogReport
/// POST   /api/v1/client/tasks/{id}/finish         C           FinishReport → TaskInfo
/// -- cluster leases (issue 5) --
/// POST   /api/v1/client/tasks/{id}/heartbeat      C           keeps the task's lease (409 once lost)
/// GET    /api/v1/client/tasks?state=S             C           → TaskInfo[] (its own)
/// GET    /api/v1/client/tasks/{id}                C           → TaskInfo
/// GET    /api/v1/client/tasks/{id}/log            C           → TaskLogLine[]
/// GET    /api/v1/client/archives                  C           → ArchiveInfo[] (its own)
/// POST   /api/v1/client/archives/{id}/restore     C           RestoreRequest → TaskInfo (its own archives only)
///
/// -- the repository's pool protocol for one running task (C, the task's client, while executing) --
///        /api/v1/client/tasks/{id}/pool/...       see RuBackup.Repository.Remote
/// GET    /openapi/v1.json                         anonymous   the OpenAPI document
/// </code>
/// </summary>
public static class ApiRoutes
{
    public const string Prefix = "/api/v1";
    public const string Login = Prefix + "/auth/login";
    public const string Logout = Prefix + "/auth/logout";
    public const string Me = Prefix + "/auth/me";
    public const string Users = Prefix + "/users";
    public const string Audit = Prefix + "/audit";
    public const string Clients = Prefix + "/clients";
    public const string ClientRegister = Prefix + "/clients/register";
    public const string ClientChallenge = Prefix + "/clients/challenge";
    public const string ClientToken = Prefix + "/clients/token";
    public const string Pools = Prefix + "/pools";
    public const string Rules = Prefix + "/rules";
    public const string Tasks = Prefix + "/tasks";
    public const string Archives = Prefix + "/archives";
    public const string Check = Prefix + "/check";
    public const string ClientSelf = Prefix + "/client";
    public const string ClientResources = ClientSelf + "/resources";
    public const string ClientTasks = ClientSelf + "/tasks";
    public const string ClientNextTask = ClientSelf + "/tasks/next";
    public const string ClientArchives = ClientSelf + "/archives";

    // --- strategies (issue 5) ---
    public const string Strategies = Prefix + "/strategies";

    // --- notifications (issue 5) ---
    public const string Notifications = Prefix + "/notifications";
    public const string NotificationsTest = Notifications + "/test";

    // --- moves and garbage collection (issue 5) ---
    public static string ArchiveMove(string archiveId, string pool) => $"{Archives}/{Uri.EscapeDataString(archiveId)}/move?pool={Uri.EscapeDataString(pool)}";

    public static string PoolGc(string pool) => $"{Pools}/{Uri.EscapeDataString(pool)}/gc";

    // --- cluster leases (issue 5) ---

    /// <summary>POST: the holder of a running task keeps its lease (TaskAssignment.LeaseSeconds).</summary>
    public static string TaskHeartbeat(long taskId) => $"{ClientTasks}/{taskId}/heartbeat";

    /// <summary>The pool protocol's base URL for one task.</summary>
    public static string TaskPool(long taskId) => $"{ClientTasks}/{taskId}/pool";
}
