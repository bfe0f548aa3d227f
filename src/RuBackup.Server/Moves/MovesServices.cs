using RuBackup.Server.Hosting;

namespace RuBackup.Server.Moves;

/// <summary>The services of this part of the server (issue 5); called once by the composition root.</summary>
public static class MovesServices
{
    public static IServiceCollection AddMoves(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<ArchiveMoveHooks>();
        services.AddSingleton<ArchiveMover>();
        services.AddSingleton<MoveService>();
        services.AddSingleton<PoolGarbageCollection>();
        services.AddPeriodicWork<MoveScheduler>();
        services.AddPeriodicWork<PoolGcScheduler>();
        return services;
    }
}
