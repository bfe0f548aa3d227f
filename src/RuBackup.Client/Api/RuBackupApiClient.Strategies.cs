using System.Globalization;
using RuBackup.Api;

namespace RuBackup.Client.Api;

/// <summary>Strategies: rule settings applied to every VM whose name matches a pattern.</summary>
public sealed partial class RuBackupApiClient
{
    public Task<IReadOnlyList<StrategyInfo>> ListStrategiesAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<StrategyInfo>>(ApiRoutes.Strategies, cancellationToken);

    public Task<StrategyInfo> GetStrategyAsync(long id, CancellationToken cancellationToken = default) =>
        GetAsync<StrategyInfo>(StrategyRoute(id), cancellationToken);

    public Task<StrategyInfo> CreateStrategyAsync(StrategySettings settings, CancellationToken cancellationToken = default) =>
        PostAsync<StrategyInfo>(ApiRoutes.Strategies, settings, cancellationToken);

    public Task<StrategyInfo> UpdateStrategyAsync(long id, StrategySettings settings, CancellationToken cancellationToken = default) =>
        PutAsync<StrategyInfo>(StrategyRoute(id), settings, cancellationToken);

    /// <summary>Its rules stay as hand-made rules unless <paramref name="deleteRules"/>.</summary>
    public Task DeleteStrategyAsync(long id, bool deleteRules = false, CancellationToken cancellationToken = default) =>
        SendNoResultAsync(HttpMethod.Delete, Query(StrategyRoute(id), ("rules", deleteRules ? "delete" : null)), null, cancellationToken);

    public Task<StrategyInfo> PauseStrategyAsync(long id, CancellationToken cancellationToken = default) =>
        PostAsync<StrategyInfo>(StrategyRoute(id) + "/pause", null, cancellationToken);

    public Task<StrategyInfo> ResumeStrategyAsync(long id, CancellationToken cancellationToken = default) =>
        PostAsync<StrategyInfo>(StrategyRoute(id) + "/resume", null, cancellationToken);

    /// <summary>A backup task now for every generated rule whose VM is still reported.</summary>
    public Task<IReadOnlyList<TaskInfo>> RunStrategyAsync(long id, CancellationToken cancellationToken = default) =>
        PostAsync<IReadOnlyList<TaskInfo>>(StrategyRoute(id) + "/run", null, cancellationToken);

    public Task<IReadOnlyList<RuleInfo>> ListStrategyRulesAsync(long id, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<RuleInfo>>(StrategyRoute(id) + "/rules", cancellationToken);

    private static string StrategyRoute(long id) => $"{ApiRoutes.Strategies}/{id.ToString(CultureInfo.InvariantCulture)}";
}
