using System.Globalization;
using RuBackup.Api;

namespace RuBackup.Client.Api;

/// <summary>Pools, rules and the catalog check.</summary>
public sealed partial class RuBackupApiClient
{
    public Task<IReadOnlyList<PoolInfo>> ListPoolsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<PoolInfo>>(ApiRoutes.Pools, cancellationToken);

    public Task<PoolInfo> CreatePoolAsync(CreatePoolRequest request, CancellationToken cancellationToken = default) =>
        PostAsync<PoolInfo>(ApiRoutes.Pools, request, cancellationToken);

    public Task DeletePoolAsync(string name, CancellationToken cancellationToken = default) =>
        SendNoResultAsync(HttpMethod.Delete, $"{ApiRoutes.Pools}/{Escape(name)}", null, cancellationToken);

    public Task<IReadOnlyList<RuleInfo>> ListRulesAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<RuleInfo>>(ApiRoutes.Rules, cancellationToken);

    public Task<RuleInfo> GetRuleAsync(long id, CancellationToken cancellationToken = default) =>
        GetAsync<RuleInfo>(RuleRoute(id), cancellationToken);

    public Task<RuleInfo> CreateRuleAsync(RuleSettings settings, CancellationToken cancellationToken = default) =>
        PostAsync<RuleInfo>(ApiRoutes.Rules, settings, cancellationToken);

    public Task<RuleInfo> UpdateRuleAsync(long id, RuleSettings settings, CancellationToken cancellationToken = default) =>
        PutAsync<RuleInfo>(RuleRoute(id), settings, cancellationToken);

    public Task DeleteRuleAsync(long id, CancellationToken cancellationToken = default) =>
        SendNoResultAsync(HttpMethod.Delete, RuleRoute(id), null, cancellationToken);

    public Task<RuleInfo> PauseRuleAsync(long id, CancellationToken cancellationToken = default) =>
        PostAsync<RuleInfo>(RuleRoute(id) + "/pause", null, cancellationToken);

    public Task<RuleInfo> ResumeRuleAsync(long id, CancellationToken cancellationToken = default) =>
        PostAsync<RuleInfo>(RuleRoute(id) + "/resume", null, cancellationToken);

    /// <param name="type">Null: the rule's own backup type.</param>
    public Task<TaskInfo> RunRuleAsync(long id, BackupKind? type = null, CancellationToken cancellationToken = default) =>
        PostAsync<TaskInfo>(Query(RuleRoute(id) + "/run", ("type", Lower(type))), null, cancellationToken);

    public Task<CheckReport> CheckAsync(CancellationToken cancellationToken = default) =>
        GetAsync<CheckReport>(ApiRoutes.Check, cancellationToken);

    private static string RuleRoute(long id) => $"{ApiRoutes.Rules}/{id.ToString(CultureInfo.InvariantCulture)}";
}
