using RuBackup.Server.Hosting;

namespace RuBackup.Server.Strategies;

/// <summary>The services of this part of the server (issue 5); called once by the composition root.</summary>
public static class StrategiesServices
{
    public static IServiceCollection AddStrategies(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddPeriodicWork<StrategyExpander>();
        services.AddSingleton<StrategyService>();
        return services;
    }
}
