using RuBackup.Api;

namespace RuBackup.Catalog;

/// <summary>Strategies (issue 5). Their generated rules are ordinary rules whose strategy_id names them.</summary>
public partial interface ICatalog
{
    /// <summary>Throws <see cref="CatalogConflictException"/> when the strategy name is taken.</summary>
    Task<StrategyInfo> CreateStrategyAsync(StrategySettings settings, RuleStatus status, DateTimeOffset now, CancellationToken cancellationToken);

    Task<StrategyInfo?> FindStrategyAsync(long id, CancellationToken cancellationToken);

    /// <summary>Ordered by id.</summary>
    Task<IReadOnlyList<StrategyInfo>> ListStrategiesAsync(CancellationToken cancellationToken);

    /// <summary>Replaces every setting; null when there is no such strategy. Throws <see cref="CatalogConflictException"/> on a taken name.</summary>
    Task<StrategyInfo?> UpdateStrategyAsync(long id, StrategySettings settings, CancellationToken cancellationToken);

    Task<StrategyInfo?> SetStrategyStatusAsync(long id, RuleStatus status, CancellationToken cancellationToken);

    /// <summary>Deletes the strategy row only; its rules are the caller's business.</summary>
    Task<bool> DeleteStrategyAsync(long id, CancellationToken cancellationToken);
}
