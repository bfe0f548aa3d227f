namespace RuBackup.Server.Strategies;

/// <summary>The services of this part of the server (issue 5); called once by the composition root.</summary>
public static class StrategiesServices
{
    public static IServiceCollection AddStrategies(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<StrategyExpander>();
        services.AddSingleton<StrategyService>();
        services.AddSingleton<StrategyTimer>();
        services.AddHostedService(sp => sp.GetRequiredService<StrategyTimer>());
        return services;
    }
}
